"""What the transparency log records of the information list (see eppid.integrity.registry).

Every field of every row, the extracted text included; a document's stored bytes enter as their
SHA-256 (``files``), so a file changed on disk is found by ``verify_integrity``.
"""

from eppid.catalog.models import (
    ChecklistReminder,
    ConsequenceTest,
    EntryDocument,
    EntryVersion,
    ExemptionCitation,
    InformationEntry,
    InformationType,
    RequestPublication,
    UnitSubscription,
    VersionDocument,
)
from eppid.integrity.registry import audited


def _fields(model, *, leave_out=("id",)) -> tuple[str, ...]:
    return tuple(field.name for field in model._meta.concrete_fields if field.name not in leave_out)


audited(
    InformationType, fields=_fields(InformationType), describe=lambda kind: f"information type {kind.code}"
)
audited(
    InformationEntry,
    fields=_fields(InformationEntry),
    unit_code=lambda entry: entry.unit.code,
    describe=lambda entry: f"information list entry {entry.pk}",
)
audited(
    EntryVersion,
    fields=_fields(EntryVersion),
    unit_code=lambda version: version.entry.unit.code,
    describe=lambda version: f"version {version.version} of information list entry {version.entry_id}",
)
audited(
    EntryDocument,
    fields=_fields(EntryDocument, leave_out=("id", "file")),
    files=("file",),
    unit_code=lambda doc: doc.entry.unit.code,
    describe=lambda doc: f"document {doc.pk} of information list entry {doc.entry_id}",
)
audited(
    VersionDocument,
    fields=_fields(VersionDocument),
    unit_code=lambda link: link.version.entry.unit.code,
    describe=lambda link: f"document {link.document_id} in version {link.version_id}",
)
audited(
    ChecklistReminder,
    fields=_fields(ChecklistReminder),
    unit_code=lambda reminder: reminder.unit.code,
    describe=lambda reminder: f"checklist reminder {reminder.info_type_id} of unit {reminder.unit_id}",
)
audited(
    ConsequenceTest,
    fields=_fields(ConsequenceTest),
    unit_code=lambda test: test.unit.code,
    describe=lambda test: f"consequence test {test.pk} of information list entry {test.entry_id}",
)
audited(
    ExemptionCitation,
    fields=_fields(ExemptionCitation),
    unit_code=lambda citation: citation.test.unit.code,
    describe=lambda citation: f"decision {citation.decision_id} citing consequence test {citation.test_id}",
)
audited(
    RequestPublication,
    fields=_fields(RequestPublication),
    unit_code=lambda publication: publication.entry.unit.code,
    describe=lambda publication: (
        f"request {publication.request_id} published as entry {publication.entry_id}"
    ),
)

# The address enters the log as a keyed HMAC (encrypted field); retention clears it from the row
# (EPPID_SUBSCRIPTION_RETENTION_DAYS after the subscription ended or was never confirmed).
audited(
    UnitSubscription,
    fields=_fields(UnitSubscription),
    unit_code=lambda subscription: subscription.unit.code,
    describe=lambda subscription: f"subscription {subscription.pk} to unit {subscription.unit_id}",
)
