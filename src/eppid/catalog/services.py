"""The workflow of the information list: draft, publish, withdraw, new version. One transaction each.

An information officer (or the PPID) drafts; only the unit's PPID publishes, withdraws and publishes
a new version (``draft_information`` and ``publish_information`` in organisation/roles.py). The
services check the right themselves as well, so that no screen can forget it; screens still answer
404 for a foreign unit before they get here.

Every row written is audited (catalog/audit.py): each step is in the transparency log, documents
with the SHA-256 of their bytes. Bad input raises ValidationError({field: [message]}) and changes
nothing; a step the entry's state does not allow raises CatalogError (the API answers 409).
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.catalog.choices import Category, EntryStatus, VersionStatus
from eppid.catalog.documents import document_store, documents_check, files_undone_on_failure
from eppid.catalog.models import EntryCounter, EntryDocument, EntryVersion, InformationEntry, VersionDocument
from eppid.catalog.retraction import (
    document_published,
    document_retraction_save,
    redacted_originals_retract,
    retraction_reason_clean,
)
from eppid.catalog.search_index import search_index_update
from eppid.catalog.subscriptions import serta_merta_notify
from eppid.catalog.validation import DOCUMENTS_MAX, entry_data_clean, withdrawal_reason_clean
from eppid.core.ids import row_id
from eppid.integrity.filehold import stored_file_delete
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

VERSION_FIELDS = (
    "title",
    "summary",
    "category",
    "year",
    "info_type",
    "holder",
    "responsible",
    "made_on",
    "made_place",
    "format",
    "retention",
)


class CatalogError(Exception):
    """The step is not allowed in the entry's current state (the API answers 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def _require(actor, permission: str, unit) -> None:
    if actor is None or not user_has_permission(actor, permission, unit):
        raise PermissionDenied


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(entry) -> InformationEntry:
    return (
        InformationEntry.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit")
        .get(pk=entry.pk)
    )


def _documents_limit(count: int) -> None:
    if count > DOCUMENTS_MAX:
        raise ValidationError(
            {"documents": [_("Attach at most %(count)d documents to one entry.") % {"count": DOCUMENTS_MAX}]}
        )


def _attach(version, entry, checked, actor, journal, start: int) -> None:
    for offset, (name, pdf) in enumerate(checked):
        doc = document_store(entry=entry, name=name, checked=pdf, actor=actor, journal=journal)
        VersionDocument.objects.create(version=version, document=doc, position=start + offset)


def entry_draft_create(*, unit, actor, data: dict, documents=()) -> InformationEntry:
    """A new entry of ``unit`` as a draft (never public), with its documents."""
    _require(actor, Permission.DRAFT_INFORMATION, unit)
    values = entry_data_clean(data, unit=unit)
    uploads = list(documents or ())
    _documents_limit(len(uploads))
    checked = documents_check(uploads)
    with files_undone_on_failure() as journal, transaction.atomic():
        entry = InformationEntry.objects.create(unit=unit, created_by=_user(actor))
        version = EntryVersion.objects.create(entry=entry, version=1, created_by=_user(actor), **values)
        _attach(version, entry, checked, actor, journal, start=0)
        entry.draft = version
        entry.save()
    return entry


def entry_draft_update(*, entry, actor, data: dict, documents=(), remove=()) -> InformationEntry:
    """Change the entry's draft: its fields, documents added, documents (ids) taken off."""
    _require(actor, Permission.DRAFT_INFORMATION, entry.unit)
    values = entry_data_clean(data, unit=entry.unit)
    uploads = list(documents or ())
    checked = documents_check(uploads)
    remove_ids = {int(pk) for pk in remove or ()}
    gone: list[str] = []
    with files_undone_on_failure() as journal, transaction.atomic():
        entry = _locked(entry)
        if entry.draft_id is None:
            raise CatalogError(_("This entry has no draft to change. Start a new version first."))
        version = EntryVersion.objects.select_for_update().get(pk=entry.draft_id)
        links = list(version.links.select_related("document").order_by("position", "pk"))
        unknown = remove_ids - {link.document_id for link in links}
        if unknown:
            raise ValidationError({"remove": [_("Choose only documents of this draft to remove.")]})
        _documents_limit(len(links) - len(remove_ids) + len(uploads))
        changed = False
        for name in VERSION_FIELDS:
            if getattr(version, name) != values[name]:
                setattr(version, name, values[name])
                changed = True
        if changed:
            version.save()
        for link in links:
            if link.document_id in remove_ids:
                gone.extend(_unlink(link))
        _attach(
            version,
            entry,
            checked,
            actor,
            journal,
            start=max((link.position for link in links), default=-1) + 1,
        )
        transaction.on_commit(lambda: _delete_files(gone))
    return entry


def _unlink(link: VersionDocument) -> list[str]:
    """Take a document off a draft; a document no other version lists is deleted with its file."""
    document = link.document
    link.delete()
    if VersionDocument.objects.filter(document=document).exists():
        return []
    name = document.file.name
    document.delete()
    return [name]


def _delete_files(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            stored_file_delete(name)


def _number_take(unit) -> int:
    counter, _created = EntryCounter.objects.select_for_update().get_or_create(unit=unit)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def entry_publish(*, entry, actor) -> InformationEntry:
    """Publish the entry's draft: the first version, or a new one (the older one stays, superseded).

    The originals of the redacted copies the draft lists are retracted from the earlier versions
    in the same transaction (decision 1697)."""
    _require(actor, Permission.PUBLISH_INFORMATION, entry.unit)
    with transaction.atomic():
        entry = _locked(entry)
        if entry.status == EntryStatus.WITHDRAWN:
            raise CatalogError(_("A withdrawn entry cannot be published again. Draft a new entry instead."))
        if entry.draft_id is None:
            raise CatalogError(_("There is no draft to publish: the entry is published as it is."))
        if entry.current_id is None and entry.status != EntryStatus.DRAFT:
            raise CatalogError(_("This entry cannot be published in its current state."))
        now = timezone.now()
        version = EntryVersion.objects.select_for_update().get(pk=entry.draft_id)
        if version.category == Category.EXEMPT:
            # Exempt entries are the consequence test's; the list of published entries is not theirs.
            raise CatalogError(_("Exempt information is listed only through a consequence test."))
        if entry.current_id is not None:
            previous = EntryVersion.objects.select_for_update().get(pk=entry.current_id)
            previous.status = VersionStatus.SUPERSEDED
            previous.save()
        version.status = VersionStatus.PUBLISHED
        version.published_at = now
        version.published_by = _user(actor)
        version.save()
        # A redacted copy published: its original leaves public view in the earlier versions.
        redacted_originals_retract(entry=entry, version=version, actor=actor, now=now)
        if entry.number is None:
            entry.number = _number_take(entry.unit)
        entry.current = version
        entry.draft = None
        entry.status = EntryStatus.PUBLISHED
        entry.first_published_at = entry.first_published_at or now
        entry.published_at = now
        entry.save()
        search_index_update(entry)
        # Serta merta: the unit's confirmed subscribers are emailed, in this same transaction.
        serta_merta_notify(entry=entry, version=version)
    return entry


def entry_version_start(*, entry, actor) -> InformationEntry:
    """Start a new version of a published entry: a draft with the current version's content and
    documents, which the PPID publishes when it is ready (the public keeps the current one until then)."""
    _require(actor, Permission.DRAFT_INFORMATION, entry.unit)
    with transaction.atomic():
        entry = _locked(entry)
        if entry.status != EntryStatus.PUBLISHED:
            raise CatalogError(_("Only a published entry can get a new version."))
        if entry.draft_id is not None:
            raise CatalogError(_("A new version is already being drafted: change that draft instead."))
        current = EntryVersion.objects.get(pk=entry.current_id)
        if current.category == Category.EXEMPT:
            # Its content is the consequence test's; it opens by itself when the period ends.
            raise CatalogError(
                _(
                    "Exempt information changes only through a consequence test; it opens when "
                    "its period ends."
                )
            )
        last = entry.versions.order_by("-version").values_list("version", flat=True).first() or 0
        version = EntryVersion.objects.create(
            entry=entry,
            version=last + 1,
            created_by=_user(actor),
            **{name: getattr(current, name) for name in VERSION_FIELDS},
        )
        for link in current.links.order_by("position", "pk"):
            VersionDocument.objects.create(
                version=version, document_id=link.document_id, position=link.position
            )
        entry.draft = version
        entry.save()
    return entry


def entry_withdraw(*, entry, actor, reason) -> InformationEntry:
    """Withdraw a published entry from the list, for a reason the public keeps seeing.

    Its documents are no longer served; their names and SHA-256 stay listed. A draft of a new
    version, if any, is discarded. Withdrawal is final.
    """
    _require(actor, Permission.PUBLISH_INFORMATION, entry.unit)
    reason = withdrawal_reason_clean(reason)
    with transaction.atomic():
        entry = _locked(entry)
        if entry.status != EntryStatus.PUBLISHED:
            raise CatalogError(_("Only a published entry can be withdrawn."))
        if entry.draft_id is not None:
            draft = EntryVersion.objects.select_for_update().get(pk=entry.draft_id)
            draft.status = VersionStatus.DISCARDED
            draft.save()
            entry.draft = None
        entry.status = EntryStatus.WITHDRAWN
        entry.withdrawn_at = timezone.now()
        entry.withdrawn_by = _user(actor)
        entry.withdrawal_reason = reason
        entry.save()
        search_index_update(entry)
    return entry


def entry_document_retract(*, entry, document_id, actor, reason) -> EntryDocument:
    """Retract one published document of a published entry from public view, for a reason the
    public sees (decision 1697): a document published by mistake, with personal data. The entry
    and its other documents stay; the row and the file are kept (staff, backups, the log)."""
    _require(actor, Permission.PUBLISH_INFORMATION, entry.unit)
    reason = retraction_reason_clean(reason)
    pk = row_id(document_id)
    unknown = ValidationError({"document": [_("Choose a document of this entry.")]})
    if pk is None:
        raise unknown
    with transaction.atomic():
        entry = _locked(entry)
        document = EntryDocument.objects.select_for_update().filter(pk=pk, entry=entry).first()
        if document is None:
            raise unknown
        if entry.status != EntryStatus.PUBLISHED:
            raise CatalogError(_("Only a document of a published entry can be retracted."))
        if not document_published(document):
            raise CatalogError(_("This document was never published: take it off the draft instead."))
        if document.retracted_at is not None:
            raise CatalogError(_("This document is already retracted from public view."))
        document_retraction_save(document, actor=actor, now=timezone.now(), reason=reason)
        search_index_update(entry)
    return document
