"""Settling a confirmed false finding: a person logs a record as it is, in public (decision 1200).

Before decision 1200 some records were logged with a hash no row could match (a desk request
whose received_at came in +07:00): ``verify_integrity`` reports them as edited for ever, since
no rule may forgive a mismatch by guessing (it would forgive a forged value too). Once a system
administrator has confirmed from the record's own history that nobody edited it,
``record_attest`` appends an ``attest`` entry with the record's current content: the record
verifies again, and the log shows for ever who settled it, and when. Only a content finding can
be settled: a stored file that differs, or a row the log says was deleted, stays a finding.
"""

from __future__ import annotations

from django.db import transaction

from eppid.integrity.findings import Finding
from eppid.integrity.log import log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.registry import REGISTRY, AuditSpec, record_content, record_file_hashes
from eppid.integrity.signals import actor_role
from eppid.integrity.verification import record_finding, record_last_entry

ATTEST = "attest"


class AttestRefused(ValueError):
    """The record cannot be attested (named in the message)."""


def spec_by_label(label: str) -> AuditSpec:
    for spec in REGISTRY.values():
        if spec.label.lower() == label.lower():
            return spec
    raise AttestRefused(f"{label} is not an audited model")


def record_attest(*, spec: AuditSpec, object_id, by) -> tuple[Finding, LogEntry]:
    """Log the record as it is now, by the system administrator ``by``; return what it settled."""
    if not (by.is_active and by.is_superuser):
        raise AttestRefused(f"{by.get_username()} is not an active system administrator")
    with transaction.atomic():
        obj = spec.model._base_manager.select_for_update().filter(pk=object_id).first()
        if obj is None:
            raise AttestRefused(f"{spec.label} {object_id} does not exist")
        entry = record_last_entry(spec, obj.pk)
        finding = record_finding(spec, obj, entry)
        if finding is None:
            raise AttestRefused(f"{spec.subject(obj.pk, obj)} matches its last log entry: nothing to settle")
        if entry is not None and entry["action"] == "delete":
            raise AttestRefused(
                f"{finding.line()}: only a record that differs or has no entry can be settled"
            )
        files = record_file_hashes(spec, obj)
        if entry is not None and files != entry["file_sha256"]:
            raise AttestRefused(
                f"{spec.subject(obj.pk, obj)}: a stored file differs too; restore it from a backup"
            )
        unit_code = spec.unit_code(obj) if spec.unit_code is not None else None
        logged = log_append(
            action=ATTEST,
            object_type=spec.label,
            object_id=obj.pk,
            content=record_content(spec, obj),
            files=files,
            actor=by,
            role=actor_role(by, unit_code),
        )
    return finding, logged
