"""Redacting a document of an entry's draft before it is published (issue 12 item 8).

The redacted copy replaces the original in the draft, at the same place; the original leaves the
draft and, when no other version lists it, is deleted with its file. What is published is
therefore the copy. An original that an earlier version published stays public until the copy is
published; ``entry_publish`` then retracts it from every earlier version (its URL answers 410
naming the copy; the row and file stay for staff and the log: ``catalog/retraction.py``, decision
1697). The console warns of this on the redaction form.

The copy is a new ``EntryDocument`` (SHA-256, text extracted again) that points to its
``eppid.redaction.Redaction``: who redacted, how many areas and words, on which legal ground.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from eppid.catalog.documents import document_bytes, document_store, files_undone_on_failure
from eppid.catalog.models import EntryDocument, EntryVersion, VersionDocument
from eppid.catalog.services import CatalogError, _delete_files, _locked, _require, _unlink
from eppid.catalog.uploads import pdf_check
from eppid.organisation.roles import Permission
from eppid.redaction.models import Purpose
from eppid.redaction.services import redaction_prepare, redaction_record


def draft_document_link(entry, document_id, *, whole: bool = False) -> VersionDocument | None:
    """The link of document ``document_id`` in the entry's draft, or None (without the document's
    text unless ``whole``: a document about to be deleted is logged with every field)."""
    if entry.draft_id is None:
        return None
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        return None
    links = VersionDocument.objects.select_related("document")
    if not whole:
        links = links.defer("document__text")
    return links.filter(version_id=entry.draft_id, document_id=document_id).first()


def _draft_link_or_error(entry, document_id, *, whole: bool = False) -> VersionDocument:
    link = draft_document_link(entry, document_id, whole=whole)
    if link is None:
        raise CatalogError(_("Only a document of the entry's draft can be redacted."))
    return link


def entry_document_redact(*, entry, document_id, actor, areas="", terms="", ground="") -> EntryDocument:
    """Replace a document of the draft with a redacted copy; the copy is what gets published."""
    _require(actor, Permission.DRAFT_INFORMATION, entry.unit)
    link = _draft_link_or_error(entry, document_id)
    original = link.document
    with document_bytes(original) as handle:
        content = handle.read()
    prepared = redaction_prepare(content=content, areas=areas, terms=terms, ground=ground)
    checked = pdf_check(ContentFile(prepared.result.content, name=original.name))
    with files_undone_on_failure() as journal, transaction.atomic():
        entry = _locked(entry)
        link = _draft_link_or_error(entry, document_id, whole=True)
        version = EntryVersion.objects.select_for_update().get(pk=entry.draft_id)
        redaction = redaction_record(
            prepared,
            unit=entry.unit,
            actor=actor,
            purpose=Purpose.CATALOG,
            reference=str(entry.pk),
            source_name=original.name,
            journal=journal,
        )
        copy = document_store(
            entry=entry,
            name=redaction.name,
            checked=checked,
            actor=actor,
            journal=journal,
            redaction=redaction,
        )
        position = link.position
        gone = _unlink(link)
        VersionDocument.objects.create(version=version, document=copy, position=position)
        transaction.on_commit(lambda: _delete_files(gone))
    return copy
