"""Filing an objection: on a request (grounds a-g), or on ground b without a request."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.casefiles.once import (
    OnceKey,
    submission_fingerprint,
    submission_key_find,
    submission_key_record,
    twin_filed,
)
from eppid.casefiles.services import event_add, identity_apply, sequence_take, tracking_hash_of
from eppid.core.journal import files_undone_on_failure
from eppid.core.text import text_clean, text_clean_keyed
from eppid.disclosure.choices import Channel
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.selectors import request_find_public
from eppid.disclosure.services import tracking_code_new
from eppid.disclosure.validation import files_clean, received_at_clean, request_data_clean
from eppid.integrity.signals import save_logged
from eppid.law.calendar import receipt_date
from eppid.law.deadlines import DeadlineRuleMissing, deadline_by_rule_set
from eppid.law.models import DeadlineStep, ObjectionCondition
from eppid.objections import documents, emails
from eppid.objections.choices import OBJECTION_STAFF_CHANNELS, ObjectionEventKind, ObjectionStatus
from eppid.objections.eligibility import Window, filing_window
from eppid.objections.models import Objection
from eppid.objections.rules import ground_for_condition, rule_set_for_new_objection
from eppid.objections.services.common import STATEMENT_LIMIT, RequestNotFound, objection_number_format
from eppid.organisation.models import Unit


@dataclass
class FileResult:
    objection: Objection
    receipt: object | None
    leaf_index: int
    leaf_hash: str
    tracking_code: str = ""  # only for a ground-b objection without a request (shown once)
    replayed: bool = False  # filed before with the same submission key: nothing new was filed


def _register(
    *, unit, window: Window, received_at, channel, actor, journal, identity=None, files=None, **values
) -> FileResult:
    """Number, store and log one objection with its event, receipt and email (caller's transaction)."""
    received_on = receipt_date(timezone.localtime(received_at).date(), unit)
    try:
        rule_set = rule_set_for_new_objection(values.get("request"), received_on)
        due = deadline_by_rule_set(rule_set, DeadlineStep.OBJECTION_RESPONSE, received_on, unit)
    except DeadlineRuleMissing as error:
        raise ValidationError({"reason": [str(error)]}) from error
    year = timezone.localtime(received_at).year
    sequence = sequence_take("objection", unit, year)
    objection = Objection(
        unit=unit,
        year=year,
        sequence=sequence,
        number=objection_number_format(unit.code, year, sequence),
        ground=window.ground,
        ground_arose_on=window.arose_on,
        filing_last_day=window.last_day,
        received_at=received_at,
        received_on=received_on,
        due_date=due,
        rule_set=rule_set,
        status=ObjectionStatus.RECEIVED,
        channel=channel,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    if identity is not None:  # ground b without a request: the objector's own identity
        identity_apply(objection, identity, nik=identity.get("nik") or "", files=files, journal=journal)
    entry = save_logged(objection, force_insert=True)
    kind = ObjectionEventKind.RECEIVED if channel == Channel.ONLINE else ObjectionEventKind.REGISTERED
    event_add(objection, kind, actor=actor, status_after=ObjectionStatus.RECEIVED, note=window.ground)
    receipt = documents.receipt_issue(
        objection, leaf_index=entry.seq, leaf_hash=entry.leaf_hash, journal=journal
    )
    emails.filed_email(objection)
    return FileResult(objection=objection, receipt=receipt, leaf_index=entry.seq, leaf_hash=entry.leaf_hash)


def _duplicate_check(request, ground: str) -> None:
    open_one = Objection.objects.filter(
        request=request, ground=ground, status=ObjectionStatus.RECEIVED
    ).first()
    if open_one is not None:
        raise ValidationError(
            {
                "reason": [
                    _(
                        "An objection on this ground is already open for this request: %(number)s. "
                        "Wait for its response."
                    )
                    % {"number": open_one.number}
                ]
            }
        )


def _statement_and_time_clean(statement, channel, received_at, errors: dict, *, staff: bool = False):
    """The statement and the time of receipt as every objection takes them (``staff``: registered
    at the desk, OBJECTION_STAFF_CHANNELS and the day it came in); what is refused is added to
    ``errors`` (and comes back None)."""
    try:
        statement = text_clean_keyed(
            statement, "statement", multiline=True, required=True, limit=STATEMENT_LIMIT
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        when = received_at_clean(channel, received_at, staff=staff, channels=OBJECTION_STAFF_CHANNELS)
    except ValidationError as error:
        errors.update(error.message_dict)
        when = None
    return statement, when


def objection_file(
    *,
    registration_number,
    tracking_code,
    ground,
    statement,
    channel: str = Channel.ONLINE,
    received_at=None,
    actor=None,
    once: OnceKey | None = None,
) -> FileResult:
    """File an objection on a request. RequestNotFound (404) for an unknown number or wrong code;
    ValidationError keyed by "reason" when the ground does not fit or its period is over. With
    ``once``, the same key never files twice (decision 1670): it answers with the objection filed
    the first time, also to a twin that waited for it on the request's row lock."""
    found = request_find_public(registration_number, tracking_code)
    if found is None:
        raise RequestNotFound
    return objection_file_on(
        found,
        ground=ground,
        statement=statement,
        channel=channel,
        received_at=received_at,
        actor=actor,
        once=once,
    )


def objection_file_on(
    found, *, ground, statement, channel, received_at, actor, once: OnceKey | None, staff: bool = False
) -> FileResult:
    """File an objection on the request ``found`` (the citizen's, or one staff found in their unit:
    ``staff``, decision 1698). It is judged as the request stood when the objection arrived."""
    fingerprint = ""
    if once is not None:
        given = {"request": found.pk, "ground": ground, "statement": statement, "channel": channel}
        fingerprint = submission_fingerprint({**given, "received_at": received_at}, ())
        if filed := _replay(once, fingerprint):
            return filed
    errors = {}
    statement, when = _statement_and_time_clean(statement, channel, received_at, errors, staff=staff)
    ground = str(ground or "").strip()
    with files_undone_on_failure() as journal, transaction.atomic():
        request = (
            InformationRequest.objects.select_for_update(of=("self",))
            .select_related("unit", "forwarded_to")
            .get(pk=found.pk)
        )
        # Objections on one request are filed one at a time (the row lock): a twin that waited
        # finds the key its first filed here, before the duplicate check would refuse it.
        if once is not None and (filed := _replay(once, fingerprint)):
            return filed
        try:
            window = filing_window(
                request, ground, timezone.localtime(when).date() if when else None, at=when
            )
            _duplicate_check(request, ground)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        result = _register(
            unit=request.unit,
            window=window,
            received_at=when,
            channel=channel,
            actor=actor,
            journal=journal,
            request=request,
            tracking_hash=request.tracking_hash,
            statement=statement,
        )
        if once is not None:
            submission_key_record(once, fingerprint, result.objection, "")
        return result


def _identity_clean(unit_code: str, data: dict, identity_document, authorisation_document):
    """The same identity rules as a request (eppid.disclosure.validation), without its request part."""
    errors: dict[str, list[str]] = {}
    filler = {"information": "-", "purpose": "-", "access_method": "view", "delivery": "pickup"}
    fields = files = None
    try:
        fields = request_data_clean({**data, **filler, "unit": unit_code})
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            if key not in filler:
                errors.setdefault(key, []).extend(messages)
    try:
        files = files_clean(str(data.get("requester_type") or ""), identity_document, authorisation_document)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    return fields, files, errors


def objection_file_periodic(
    *,
    unit,
    data: dict,
    statement,
    identity_document=None,
    authorisation_document=None,
    channel: str = Channel.ONLINE,
    received_at=None,
    actor=None,
    once: OnceKey | None = None,
    staff: bool = False,
) -> FileResult:
    """Ground b (periodic information not provided) without a request: identity as for a request,
    a new tracking code (in the result, shown once). With ``once``, the same key never files twice
    (decision 1670): it answers with the objection filed the first time. ``staff``: registered at
    the desk (objection_register_periodic, decision 1698), with its channel and day of receipt."""
    fingerprint = ""
    if once is not None:
        given = {**data, "unit": unit, "statement": statement, "channel": channel, "received_at": received_at}
        fingerprint = submission_fingerprint(given, (identity_document, authorisation_document))
        if filed := _replay(once, fingerprint):
            return filed
    try:
        unit_code, unit_refused = (unit.code if isinstance(unit, Unit) else text_clean(unit, limit=20)), None
    except ValidationError as error:
        unit_code, unit_refused = "", error.messages
    target = Unit.objects.filter(code=unit_code).first() if unit_code else None
    fields, files, errors = _identity_clean(unit_code, data, identity_document, authorisation_document)
    if unit_refused or target is None:
        errors["unit"] = unit_refused or [_("There is no unit with this code.")]
    statement, when = _statement_and_time_clean(statement, channel, received_at, errors, staff=staff)
    if errors:
        raise ValidationError(errors)
    today = timezone.localtime(when).date()
    periodic = ground_for_condition(ObjectionCondition.PERIODIC, today)
    if periodic is None:
        raise ValidationError(
            {"reason": [_("No objection ground for unpublished periodic information is in force.")]}
        )
    code = tracking_code_new()
    try:
        with files_undone_on_failure() as journal, transaction.atomic():
            result = _register(
                unit=target,
                window=Window(periodic.code, today, None),
                received_at=when,
                channel=channel,
                actor=actor,
                journal=journal,
                identity=fields,
                files=files,
                tracking_hash=tracking_hash_of(code),
                statement=statement,
            )
            if once is not None:
                submission_key_record(once, fingerprint, result.objection, code)
    except IntegrityError as error:  # a twin with the same key filed first: its objection
        return twin_filed(error, once, lambda: _replay(once, fingerprint))
    result.tracking_code = code
    return result


def objection_replay(once: OnceKey) -> FileResult | None:
    """The objection these answers filed already (the portal's key names one set), or None."""
    return _replay(once, None)


def _replay(once: OnceKey, fingerprint: str | None) -> FileResult | None:
    filed = submission_key_find(
        once, fingerprint, Objection.objects.select_related("unit", "receipt", "request")
    )
    if filed is None:
        return None
    case = filed.case
    return FileResult(
        case,
        case.receipt,
        filed.leaf_index,
        filed.leaf_hash,
        tracking_code=filed.tracking_code,
        replayed=True,
    )
