"""Objections, staff side: register one received on paper (decision 1698), list, read, decide
(the superior of the unit only), follow-up, disputes.

Access: an unknown number or a unit the caller serves in no role answers 404 (the record's
existence is not leaked to other units); a member of the unit without the right answers 403 -
so an officer of the unit gets 403 on the decision, a superior of another unit 404. Deciding is
the superior's alone: a system administrator gets 403 too (UU 14/2008 Pasal 36).
"""

from datetime import date, datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from eppid.api.auth import token_auth
from eppid.api.cases import (
    IDEMPOTENCY_HEADER,
    IDEMPOTENCY_HELP,
    UNMASK_DESCRIPTION,
    Filters,
    absolute,
    list_unmask_refuse,
    nik_unmask_asked,
)
from eppid.api.objections import ObjectionStatusOut, status_body
from eppid.api.pagination import Pagination, Rows
from eppid.api.requester import RequesterOut
from eppid.api.staff_objection_desk import DeskFiledOut, DeskObjectionIn, desk_body, desk_once
from eppid.api.types import Line, Text
from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure.masking import requester_for_staff
from eppid.disclosure.services import LifecycleError
from eppid.objections import selectors
from eppid.objections.documents import document_url
from eppid.objections.models import Dispute
from eppid.objections.services import (
    dispute_record,
    dispute_update,
    objection_decide,
    objection_followup_complete,
    objection_nik_unmask,
    objection_register,
)
from eppid.objections.services.common import may_handle, require

router = Router(auth=token_auth, tags=["staff"])


class DisputeOut(Schema):
    commission: str
    commission_name: str
    case_number: str
    filed_on: date
    registered_on: date | None
    stage: str
    mediation_on: date | None
    mediation_result: str
    adjudication_on: date | None
    adjudication_result: str
    court: str
    court_case_number: str
    court_filed_on: date | None
    court_decided_on: date | None
    court_result: str
    cassation_case_number: str
    cassation_decided_on: date | None
    cassation_result: str
    closed_on: date | None


class ObjectorOut(RequesterOut):
    """The objector (the request's requester, or a ground-b objector's own identity), as for a
    request: the NIK masked unless asked for on one objection; contact details masked in lists."""


class StaffObjectionOut(ObjectionStatusOut):
    statement: str
    ground_arose_on: date
    filing_last_day: date | None
    overdue: bool
    followup_done_at: datetime | None
    objector: ObjectorOut
    dispute: DisputeOut | None


class DecisionIn(Schema):
    outcome: Line = Field(
        "",
        max_length=20,
        description="upheld or dismissed; settled only for the grounds [[law:settleable_grounds]]",
    )
    explanation: Text = Field("", max_length=5000)


class DecisionDoneOut(Schema):
    status: str
    outcome: str
    response_url: str | None
    followup_due_date: date | None


class FollowupIn(Schema):
    note: Text = Field("", max_length=5000)


class DisputeIn(Schema):
    filed_on: Line | None = Field(None, max_length=10)
    case_number: Line | None = Field(None, max_length=100)
    registered_on: Line | None = Field(None, max_length=10)
    stage: Line | None = Field(None, max_length=20)
    mediation_on: Line | None = Field(None, max_length=10)
    mediation_result: Line | None = Field(None, max_length=10)
    adjudication_on: Line | None = Field(None, max_length=10)
    adjudication_result: Line | None = Field(None, max_length=20)
    court: Line | None = Field(None, max_length=10)
    court_case_number: Line | None = Field(None, max_length=100)
    court_filed_on: Line | None = Field(None, max_length=10)
    court_decided_on: Line | None = Field(None, max_length=10)
    court_result: Line | None = Field(None, max_length=20)
    cassation_case_number: Line | None = Field(None, max_length=100)
    cassation_decided_on: Line | None = Field(None, max_length=10)
    cassation_result: Line | None = Field(None, max_length=20)
    closed_on: Line | None = Field(None, max_length=10)
    note: Text | None = Field(None, max_length=2000)


def _objector(objection, *, in_list: bool, nik_unmasked: bool) -> dict:
    source = objection.request if objection.request_id else objection
    return requester_for_staff(source, in_list=in_list, nik_unmasked=nik_unmasked)


def _dispute(objection) -> dict | None:
    dispute = Dispute.objects.filter(objection=objection).first()
    if dispute is None:
        return None
    return {name: getattr(dispute, name) for name in DisputeOut.model_fields}


def staff_body(http, objection, *, in_list: bool = False, nik_unmasked: bool = False) -> dict:
    body = status_body(http, objection)
    body.update(
        statement=objection.statement,
        ground_arose_on=objection.ground_arose_on,
        filing_last_day=objection.filing_last_day,
        overdue=objection.is_open and objection.due_date < timezone.localdate(),
        followup_done_at=objection.followup_done_at,
        objector=_objector(objection, in_list=in_list, nik_unmasked=nik_unmasked),
        dispute=_dispute(objection),
    )
    return body


def _found(http, number: str):
    found = selectors.objection_get_for_staff(http.auth, number)
    if found is None:
        raise Http404
    return found


@router.get(
    "/objections",
    response=list[StaffObjectionOut],
    summary="Objections of the units you serve",
    description="The objector as for requests: the name as given; the NIK, email, phone and address "
    "masked (objector.masked_fields). A list never unmasks (?unmask: 422).",
)
@paginate(Pagination)
def staff_objection_list(request, filters: Query[Filters]):
    list_unmask_refuse(request)
    rows = selectors.objections_for_user(request.auth, status=filters.status, overdue=filters.overdue)
    return Rows(rows, lambda row: staff_body(request, row, in_list=True))


@router.post(
    "/objections",
    response={201: DeskFiledOut},
    summary="Register an objection received on paper, by email or at the desk",
    description="Judged as the request stood when the objection arrived (received_at): a decision "
    "made after it does not count. The deadline counts from the working day it counts as received. "
    "Desk registrations are counted per staff user (shared with the console's forms and "
    "POST /staff/requests); over the rate: 429 with Retry-After. " + IDEMPOTENCY_HELP,
)
def staff_objection_create(
    request,
    payload: DeskObjectionIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", description=IDEMPOTENCY_HEADER),
):
    rate_limit_hit(request, "request-register")
    result = objection_register(
        registration_number=payload.registration_number,
        ground=payload.reason,
        statement=payload.statement,
        channel=payload.channel,
        received_at=payload.received_at or None,
        actor=request.auth,
        once=desk_once(request, idempotency_key),
    )
    return Status(201, desk_body(request, result))


@router.get(
    "/objections/{number}",
    response=StaffObjectionOut,
    summary="One objection with its objector",
    description="The objector's contact details in full; the NIK masked unless asked for with "
    "?unmask=nik (recorded on the request's timeline, or on a ground-b objection's own).",
)
def staff_objection_detail(
    request,
    number: str,
    unmask: str = Query("", max_length=10, description=UNMASK_DESCRIPTION),  # noqa: B008 - ninja's style
):
    objection = _found(request, number)
    unmasked = nik_unmask_asked(request, unmask, objection.unit, objection.request or objection)
    if unmasked:
        objection_nik_unmask(objection=objection, actor=request.auth)
    return staff_body(request, objection, nik_unmasked=unmasked)


@router.post(
    "/objections/{number}/decision",
    response=DecisionDoneOut,
    summary="Decide an objection (the unit's superior of the PPID only) and issue the response",
)
def staff_objection_decision(request, number: str, payload: DecisionIn):
    objection = objection_decide(
        objection=_found(request, number),
        actor=request.auth,
        outcome=payload.outcome,
        explanation=payload.explanation,
    )
    return {
        "status": objection.status,
        "outcome": objection.outcome,
        "response_url": absolute(request, document_url(objection.response)),
        "followup_due_date": objection.followup_due_date,
    }


@router.post(
    "/objections/{number}/followup",
    response=StaffObjectionOut,
    summary="Mark an upheld objection carried out",
)
def staff_objection_followup(request, number: str, payload: FollowupIn):
    objection = objection_followup_complete(
        objection=_found(request, number), actor=request.auth, note=payload.note
    )
    return staff_body(request, objection)


@router.post("/objections/{number}/dispute", response={201: DisputeOut}, summary="Record a dispute")
def staff_dispute_record(request, number: str, payload: DisputeIn):
    values = {key: value for key, value in payload.dict().items() if value is not None}
    filed_on = values.pop("filed_on", None)
    dispute = dispute_record(
        objection=_found(request, number), actor=request.auth, filed_on=filed_on, **values
    )
    return Status(201, _dispute(dispute.objection))


@router.patch("/objections/{number}/dispute", response=DisputeOut, summary="Update a dispute")
def staff_dispute_update(request, number: str, payload: DisputeIn):
    objection = _found(request, number)
    dispute = Dispute.objects.filter(objection=objection).first()
    values = {key: value for key, value in payload.dict().items() if value is not None}
    if dispute is None:
        require(may_handle(request.auth, objection.unit))
        raise LifecycleError(_("No dispute is recorded for this objection yet."))
    dispute_update(dispute=dispute, actor=request.auth, **values)
    return _dispute(objection)
