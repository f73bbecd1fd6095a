"""Filing a request: online by the requester, or registered by staff from the desk, post, email or phone."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.casefiles.models import IDENTITY_ENCRYPTED, IDENTITY_PLAIN
from eppid.casefiles.once import (
    OnceKey,
    submission_fingerprint,
    submission_key_find,
    submission_key_record,
    twin_filed,
)
from eppid.casefiles.services import event_add, identity_apply, sequence_take, tracking_hash_of
from eppid.core.journal import files_undone_on_failure
from eppid.disclosure.choices import Channel, EventKind, Status
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import documents
from eppid.disclosure.services.common import deadlines_for_receipt, registration_number_format
from eppid.disclosure.validation import files_clean, received_at_clean, request_data_clean
from eppid.integrity.models import LogEntry
from eppid.integrity.signals import entries_batched, save_logged
from eppid.organisation.models import Unit
from eppid.signing.keys import certificate_choice_read, units_with_certificate_choice

# What the requester asks for, stored as given (the identity is casefiles.identity_apply's).
REQUEST_TEXT = ("information", "purpose", "access_method", "copy_format", "delivery")
# What a forwarded request carries to its new unit as it was typed.
CARRIED_FIELDS = (*IDENTITY_PLAIN, *IDENTITY_ENCRYPTED, *REQUEST_TEXT)


@dataclass
class SubmitResult:
    request: InformationRequest
    tracking_code: str
    receipt: object | None
    leaf_index: int
    leaf_hash: str
    replayed: bool = False  # filed before with the same submission key: nothing new was filed


def tracking_code_new() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def _unit(code: str) -> Unit:
    # With its certificate choice: the receipt is signed for it in this request (one query less).
    unit = certificate_choice_read(units_with_certificate_choice(Unit.objects).filter(code=code).first())
    if unit is None:
        raise ValidationError({"unit": [_("There is no unit with this code.")]})
    return unit


def _clean_all(data, identity_document, authorisation_document, channel, received_at, actor):
    """Every check at once, so the requester sees every problem in one answer."""
    staff = bool(getattr(actor, "is_authenticated", False))
    errors: dict[str, list[str]] = {}
    fields = unit = files = when = None
    steps = (
        ("when", lambda: received_at_clean(channel, received_at, staff=staff)),
        ("fields", lambda: request_data_clean(data)),
        (
            "files",
            lambda: files_clean(
                str(data.get("requester_type") or ""), identity_document, authorisation_document
            ),
        ),
    )
    results = {}
    for key, step in steps:
        try:
            results[key] = step()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    fields, files, when = results.get("fields"), results.get("files"), results.get("when")
    if fields is not None:
        try:
            unit = _unit(fields["unit"])
        except ValidationError as error:
            errors.update(error.message_dict)
    elif "unit" not in errors:  # a unit code that failed the text rule never reaches a query
        code = str(data.get("unit") or "").strip()
        if code and not Unit.objects.filter(code=code).exists():
            errors.setdefault("unit", []).append(_("There is no unit with this code."))
    if errors:
        raise ValidationError(errors)
    return fields, unit, files, when


def request_register(
    *,
    unit,
    fields: dict,
    nik: str,
    tracking_hash: str,
    channel: str,
    received_at,
    actor,
    files: dict,
    journal,
    before_insert=None,
) -> tuple[InformationRequest, LogEntry | None]:
    """Insert one request with the next number of its unit; the caller holds the transaction.

    ``before_insert(request)`` runs once the request is numbered, before its row is written (the
    receipt's registration links itself there: one INSERT instead of an INSERT and an UPDATE).
    Returns the request and the log entry of its creation (the leaf its receipt names; None
    inside ``entries_batched()``, whose batch hands it back once the block ends)."""
    election_information = bool(fields.get("election_information"))
    received_on, due, rules = deadlines_for_receipt(
        received_at, unit, election_information=election_information
    )
    year = timezone.localdate().year
    sequence = sequence_take("request", unit, year)
    request = InformationRequest(
        unit=unit,
        year=year,
        sequence=sequence,
        registration_number=registration_number_format(unit.code, year, sequence),
        tracking_hash=tracking_hash,
        channel=channel,
        received_at=received_at,
        received_on=received_on,
        due_date=due,
        original_due_date=due,
        election_information=election_information,
        rule_set=rules.rule_set,
        election_period=rules.election_period,
        status=Status.RECEIVED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    identity_apply(request, fields, nik=nik, files=files, journal=journal)
    for key in REQUEST_TEXT:
        setattr(request, key, fields.get(key, ""))
    if before_insert is not None:
        before_insert(request)
    entry = save_logged(request, force_insert=True)
    return request, entry


def request_submit(
    *,
    data: dict,
    identity_document=None,
    authorisation_document=None,
    channel: str = Channel.ONLINE,
    received_at=None,
    actor=None,
    once: OnceKey | None = None,
) -> SubmitResult:
    """Validate, number and store a new request with its first event and receipt.

    One transaction stores the request, its event and its receipt's registration, and appends
    their log entries together at its end (the transparency log is locked only for that one
    statement and the commit, decision 1610); the receipt is then rendered and signed with no lock
    held, and stored with its email in a short second one (decision 1430).
    """
    fingerprint = ""
    if once is not None:  # filed before with this key: the same answer (decision 1670)
        given = {**data, "channel": channel, "received_at": received_at}
        fingerprint = submission_fingerprint(given, (identity_document, authorisation_document))
        if filed := _replay(once, fingerprint):
            return filed
    fields, unit, files, when = _clean_all(
        data, identity_document, authorisation_document, channel, received_at, actor
    )
    code = tracking_code_new()
    try:
        request, entry = _file(fields, unit, files, when, code, channel, actor, once, fingerprint)
    except IntegrityError as error:  # a twin with the same key filed first: its request
        return twin_filed(error, once, lambda: _replay(once, fingerprint))
    receipt = documents.receipt_finish(
        request, request.receipt, leaf_index=entry.seq, leaf_hash=entry.leaf_hash
    )
    return SubmitResult(
        request=request, tracking_code=code, receipt=receipt, leaf_index=entry.seq, leaf_hash=entry.leaf_hash
    )


def request_replay(once: OnceKey) -> SubmitResult | None:
    """The request these answers filed already (the portal's key names one set), or None."""
    return _replay(once, None)


def _replay(once: OnceKey, fingerprint: str | None) -> SubmitResult | None:
    """The request the key filed before, None if it is new; refused for other data (decision 1670)."""
    filed = submission_key_find(
        once, fingerprint, InformationRequest.objects.select_related("unit", "receipt")
    )
    if filed is None:
        return None
    return SubmitResult(
        filed.case, filed.tracking_code, filed.case.receipt, filed.leaf_index, filed.leaf_hash, replayed=True
    )


def _file(fields, unit, files, when, code, channel, actor, once, fingerprint):
    """The filing transaction: the request, its first event, its receipt's registration and (with
    a key) the key; their log entries appended together at its end. Returns (request, entry)."""
    with files_undone_on_failure() as journal, transaction.atomic(), entries_batched() as batch:
        request, _ = request_register(
            unit=unit,
            fields=fields,
            nik=fields["nik"],
            tracking_hash=tracking_hash_of(code),
            channel=channel,
            received_at=when,
            actor=actor,
            files=files,
            journal=journal,
            before_insert=documents.receipt_register,
        )
        kind = EventKind.RECEIVED if channel == Channel.ONLINE else EventKind.REGISTERED
        event_add(
            request,
            kind,
            actor=actor,
            status_after=Status.RECEIVED,
            at=when if kind == EventKind.RECEIVED else None,
        )
        if once is not None:
            submission_key_record(once, fingerprint, request, code)
    return request, batch.entry_for(request)
