"""What the transparency log records of objections and disputes (see eppid.integrity.registry).

Encrypted personal fields enter the content hash as a keyed HMAC of their plaintext, never as
plaintext; descriptions name only the objection number.
"""

from eppid.casefiles.auditing import case_file_audited
from eppid.integrity.registry import audited
from eppid.objections.models import Dispute, Objection, ObjectionReminder

OBJECTION_FIELDS = tuple(
    field.name
    for field in Objection._meta.concrete_fields
    if field.name not in ("id", "row_id", "created_at")
)

case_file_audited(
    Objection, fields=OBJECTION_FIELDS, describe=lambda objection: f"objection {objection.number}"
)
audited(
    ObjectionReminder,
    fields=("objection", "kind", "sent_at", "recipients"),
    unit_code=lambda reminder: reminder.objection.unit.code,
    describe=lambda reminder: f"reminder {reminder.kind} of objection {reminder.objection.number}",
)
audited(
    Dispute,
    fields=tuple(
        field.name
        for field in Dispute._meta.concrete_fields
        if field.name not in ("id", "created_at", "updated_at")
    ),
    unit_code=lambda dispute: dispute.objection.unit.code,
    describe=lambda dispute: f"dispute on objection {dispute.objection.number}",
)
