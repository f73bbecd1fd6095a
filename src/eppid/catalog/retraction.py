"""Retracting a published document from public view without withdrawing its entry (decision 1697).

A version replaces a document by its redacted copy (``catalog/redaction.py``): when that version is
published, the original leaves public view in every earlier version that lists it, pointing to the
copy (``redacted_originals_retract``, run by ``entry_publish`` in its transaction). A document
published by mistake is retracted by the unit's PPID with a reason (``entry_document_retract`` in
``services.py``). Either way the public sees the document listed, name and SHA-256, without a link;
its URL answers 410 Gone. The row and its file stay: staff keep reading it in the console, backups
keep it and ``verify_integrity`` compares it. The retraction is a saved change of the audited row
(when, by whom, why, the copy), never a file deleted outside the log.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from eppid.catalog.choices import VersionStatus
from eppid.catalog.models import EntryDocument
from eppid.catalog.validation import REASON_MAX
from eppid.core.text import text_clean_keyed

PUBLIC_VERSIONS = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
# A copy redacted again and again: the chain to the newest copy is followed this far at most.
CHAIN_MAX = 20


def retraction_reason_clean(value) -> str:
    """The reason of a retraction by hand: free text, shown to the public, required."""
    reason = text_clean_keyed(value, "reason", multiline=True, limit=REASON_MAX)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason: it is shown to the public.")]})
    return reason


def document_published(document) -> bool:
    """Whether a version the public has seen lists ``document``."""
    return document.links.filter(version__status__in=PUBLIC_VERSIONS).exists()


def document_retraction_save(document, *, actor, now, reason: str = "", replaced_by=None) -> None:
    """Mark ``document`` retracted (a logged save of the audited row; the caller holds the
    transaction and the entry's lock). Already retracted: only the copy that replaces it is added."""
    if document.retracted_at is None:
        document.retracted_at = now
        document.retracted_by = actor if getattr(actor, "is_authenticated", False) else None
        document.retracted_reason = reason
    document.replaced_by = replaced_by
    document.save()


def redacted_originals_retract(*, entry, version, actor, now) -> list[EntryDocument]:
    """The originals of the redacted copies ``version`` lists, retracted from the earlier versions.

    An original is a document of the same entry with the SHA-256 the copy's redaction was made
    from, listed by a version the public has seen and not by ``version``. Call inside the
    publication's transaction, with ``version`` about to become current. Returns the documents
    changed.
    """
    copies = list(
        EntryDocument.objects.filter(links__version=version, redaction__isnull=False)
        .select_related("redaction")
        .defer("text")
    )
    if not copies:
        return []
    listed = set(version.links.values_list("document_id", flat=True))
    changed = []
    for copy in copies:
        ids = set(
            EntryDocument.objects.filter(
                entry=entry,
                sha256=copy.redaction.source_sha256,
                links__version__status__in=PUBLIC_VERSIONS,
                replaced_by__isnull=True,
            )
            .exclude(pk__in=listed)
            .values_list("pk", flat=True)
        )
        for original in EntryDocument.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            document_retraction_save(original, actor=actor, now=now, replaced_by=copy)
            changed.append(original)
    return changed


def document_replacement(document) -> EntryDocument | None:
    """The redacted copy a retracted ``document`` points the public to: the newest of the chain
    (a copy redacted again points further), or None when there is none still served."""
    documents = EntryDocument.objects.defer("text")
    copy, seen = None, {document.pk}
    pk = document.replaced_by_id
    while pk is not None and pk not in seen and len(seen) <= CHAIN_MAX:
        seen.add(pk)
        copy = documents.filter(pk=pk).first()
        pk = copy.replaced_by_id if copy is not None else None
    if copy is None or copy.retracted_at is not None or not document_published(copy):
        return None
    return copy
