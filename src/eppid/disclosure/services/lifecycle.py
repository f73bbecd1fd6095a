"""What staff do with a request once it is in: start, extend, forward, withdraw, decide."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.casefiles.models import IDENTITY_DOCUMENTS
from eppid.casefiles.services import event_add, locked, refresh
from eppid.core.ids import row_id
from eppid.core.journal import files_undone_on_failure
from eppid.core.text import text_clean_keyed
from eppid.disclosure import mail
from eppid.disclosure.case_rules import request_rule_set
from eppid.disclosure.choices import OUTCOMES_NEEDING_BASIS, EventKind, Outcome, Status
from eppid.disclosure.models import Decision, InformationRequest, ReleasedDocument
from eppid.disclosure.released_files import released_files_check
from eppid.disclosure.services import documents
from eppid.disclosure.services.common import LifecycleError, require_open
from eppid.disclosure.services.redaction import request_redactions_pending
from eppid.disclosure.services.submit import (
    CARRIED_FIELDS,
    request_register,
)
from eppid.integrity.fields import encrypted_file_read
from eppid.law.deadlines import deadline_by_rule_set
from eppid.law.models import EXEMPTION_KINDS, DeadlineStep
from eppid.law.selectors import grounds_in_force
from eppid.organisation.models import Unit
from eppid.redaction.services import redaction_bytes

NOTE_LIMIT = 2000
HELD_BY_LIMIT = 300


def _note(value, field: str, *, required: bool) -> str:
    return text_clean_keyed(value, field, multiline=True, required=required, limit=NOTE_LIMIT)


def request_start(*, request, actor) -> InformationRequest:
    with transaction.atomic():
        row = locked(request)
        if row.status != Status.RECEIVED:
            raise LifecycleError(
                _("Only a request that has been received and not yet started can be started.")
            )
        row.status = Status.IN_PROGRESS
        row.save()
        event_add(row, EventKind.STARTED, actor=actor, status_after=Status.IN_PROGRESS)
    refresh(request)
    return request


def request_extend(*, request, actor, reason) -> InformationRequest:
    """Extend once, before the due date passes: the extension step of the request's own rule set,
    counted from the original due date."""
    reason = _note(reason, "reason", required=True)
    with transaction.atomic():
        row = locked(request)
        require_open(row, _("extended"))
        if row.extended:
            raise LifecycleError(_("The deadline of a request can be extended only once."))
        if timezone.localdate() > row.due_date:
            raise LifecycleError(_("The due date has passed: the deadline can no longer be extended."))
        row.due_date = deadline_by_rule_set(
            request_rule_set(row), DeadlineStep.REQUEST_EXTENSION, row.original_due_date, row.unit
        )
        row.extended = True
        row.extension_reason = reason
        row.save()
        event_add(row, EventKind.EXTENDED, actor=actor, note=reason)
        mail.request_mail_extended(row)
    refresh(request)
    return request


def request_forward(*, request, actor, unit_code, reason) -> InformationRequest:
    """Register the request anew at the unit that holds the information, today, with the same code."""
    reason = _note(reason, "reason", required=True)
    target = Unit.objects.filter(code=text_clean_keyed(unit_code, "unit", limit=20)).first()
    if target is None:
        raise ValidationError({"unit": [_("There is no unit with this code.")]})
    if target.pk == request.unit_id:
        raise ValidationError({"unit": [_("Forward the request to another unit, not its own.")]})
    with files_undone_on_failure() as journal, transaction.atomic():
        row = locked(request)
        require_open(row, _("forwarded"))
        fields = {key: getattr(row, key) or "" for key in CARRIED_FIELDS}
        fields["election_information"] = row.election_information
        files = {}
        for key in IDENTITY_DOCUMENTS:
            if getattr(row, key):
                files[key] = _Copied(encrypted_file_read(row, key), getattr(row, f"{key}_type"))
        new, entry = request_register(
            unit=target,
            fields=fields,
            nik=row.nik or "",
            tracking_hash=row.tracking_hash,
            channel=row.channel,
            received_at=timezone.now(),
            actor=actor,
            files=files,
            journal=journal,
        )
        new.forwarded_from = row
        new.save()
        now = timezone.now()
        row.status = Status.FORWARDED
        row.forwarded_to = new
        row.closed_at = now
        row.save()
        event_add(row, EventKind.FORWARDED_OUT, actor=actor, status_after=Status.FORWARDED, note=reason)
        event_add(
            new,
            EventKind.FORWARDED_IN,
            actor=actor,
            status_after=Status.RECEIVED,
            note=_("Forwarded from %(number)s.") % {"number": row.registration_number},
        )
        documents.receipt_issue(new, leaf_index=entry.seq, leaf_hash=entry.leaf_hash, journal=journal)
        mail.request_mail_forwarded(row, new)
    refresh(request)
    return new


class _Copied:
    def __init__(self, content: bytes, content_type: str):
        self.content = content
        self.content_type = content_type


def request_withdraw(*, request, actor, note="") -> InformationRequest:
    note = _note(note, "note", required=False)
    with transaction.atomic():
        row = locked(request)
        require_open(row, _("withdrawn"))
        row.status = Status.WITHDRAWN
        row.closed_at = timezone.now()
        row.save()
        event_add(row, EventKind.WITHDRAWN, actor=actor, status_after=Status.WITHDRAWN, note=note)
        mail.request_mail_withdrawn(row)
    refresh(request)
    return request


def decision_clean(
    *, outcome, explanation, exemption_basis, held_by, material, redactions, fee_rupiah
) -> dict:
    errors: dict[str, list[str]] = {}
    outcome = str(outcome or "").strip()
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose one of: %(expected)s.") % {"expected": ", ".join(Outcome.values)}]
    basis = str(exemption_basis or "").strip()
    codes = [ground.code for ground in grounds_in_force(EXEMPTION_KINDS)]
    if outcome in OUTCOMES_NEEDING_BASIS and not basis:
        errors["exemption_basis"] = [
            _("Name the ground of exemption: one of %(expected)s.") % {"expected": ", ".join(codes)}
        ]
    elif basis and basis not in codes:
        errors["exemption_basis"] = [_("Choose one of: %(expected)s.") % {"expected": ", ".join(codes)}]
    if outcome not in OUTCOMES_NEEDING_BASIS:
        basis = ""
    try:
        held_by = text_clean_keyed(held_by, "held_by", limit=HELD_BY_LIMIT)
    except ValidationError as error:
        errors.update(error.message_dict)
        held_by = ""
    if outcome == Outcome.NOT_HELD and not held_by and "held_by" not in errors:
        errors["held_by"] = [_("Say which body holds the information, or that no body is known to hold it.")]
    texts = {}
    for key, value in (("explanation", explanation), ("material", material), ("redactions", redactions)):
        try:
            texts[key] = _note(value, key, required=False)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        fee = int(fee_rupiah or 0)
        if fee < 0 or isinstance(fee_rupiah, bool):
            raise ValueError
    except (TypeError, ValueError):
        errors["fee_rupiah"] = [_("Enter a whole number of rupiah, 0 or more.")]
        fee = 0
    if errors:
        raise ValidationError(errors)
    return {"outcome": outcome, "exemption_basis": basis, "held_by": held_by, "fee_rupiah": fee, **texts}


def _delivery_text(request) -> str:
    parts = [request.get_access_method_display()]
    if request.copy_format:
        parts.append(request.get_copy_format_display())
    parts.append(request.get_delivery_display())
    return "; ".join(str(part) for part in parts)


def request_decide(
    *,
    request,
    actor,
    outcome,
    explanation="",
    exemption_basis="",
    held_by="",
    material="",
    redactions="",
    fee_rupiah=0,
    documents=(),
    redacted=(),
    consequence_tested: bool = False,
) -> Decision:
    """Record the decision, attach released documents, issue the written notice, complete the request.

    ``redacted``: ids of redacted copies made for this request (``request_document_redact``), sent
    as released documents that point to their redaction record. ``consequence_tested``: the refusal
    cites a consequence test (the screens pass it with ``request_decide_citing``, which records the
    citation); only then does the notice say the information was withheld after a test."""
    values = decision_clean(
        outcome=outcome,
        explanation=explanation,
        exemption_basis=exemption_basis,
        held_by=held_by,
        material=material,
        redactions=redactions,
        fee_rupiah=fee_rupiah,
    )
    uploads = list(documents or ())
    released_files_check(uploads)
    with files_undone_on_failure() as journal, transaction.atomic():
        row = locked(request)
        require_open(row, _("decided"))
        copies = _redacted_copies(row, redacted)
        now = timezone.now()
        decision = Decision.objects.create(
            request=row, decided_at=now, decided_by=actor, delivery=_delivery_text(row), **values
        )
        for upload in uploads:
            _release(decision, upload, journal)
        for redaction in copies:
            _release_redacted(decision, redaction, journal)
        row.status = Status.COMPLETED
        row.closed_at = now
        row.save()
        event_add(row, EventKind.DECIDED, actor=actor, status_after=Status.COMPLETED, note=values["outcome"])
        tested = consequence_tested is True and values["outcome"] in OUTCOMES_NEEDING_BASIS
        mail.request_mail_decided(row, decision, _notice(decision, journal, tested))
    refresh(request)
    return decision


def _notice(decision, journal, tested: bool):
    # The module (``documents`` is only an argument inside request_decide).
    return documents.notice_issue(decision, journal=journal, consequence_tested=tested)


def _release(decision, upload, journal) -> ReleasedDocument:
    upload.seek(0)
    content = upload.read()
    doc = ReleasedDocument(
        decision=decision,
        name=str(getattr(upload, "name", "") or "document")[:200],
        content_type=str(getattr(upload, "content_type", "") or "application/octet-stream")[:100],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    doc.file.save("document", ContentFile(content), save=False)
    journal.add(doc.file.name)
    doc.save()
    return doc


def _redacted_copies(row, redacted) -> list:
    wanted = {row_id(pk) for pk in redacted or ()}
    if not wanted:
        return []
    copies = list(request_redactions_pending(row).filter(pk__in=[pk for pk in wanted if pk is not None]))
    if len(copies) != len(wanted):
        raise ValidationError({"redacted": [_("Choose only redacted copies of this request not sent yet.")]})
    return copies


def _release_redacted(decision, redaction, journal) -> ReleasedDocument:
    content = redaction_bytes(redaction)
    doc = ReleasedDocument(
        decision=decision,
        name=redaction.name,
        content_type="application/pdf",
        size=len(content),
        sha256=redaction.sha256,
        redaction=redaction,
    )
    doc.file.save("document", ContentFile(content), save=False)
    journal.add(doc.file.name)
    doc.save()
    return doc
