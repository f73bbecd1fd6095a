"""Objections, public side (contract section 4): file one on a request, follow it with the code.

``POST /objections/periodic`` (ground b without a request, multipart with the identity fields of
a request) is an extension of the contract.
"""

from datetime import date, datetime

from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Header, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from eppid.api.cases import (
    IDEMPOTENCY_HEADER,
    IDEMPOTENCY_HELP,
    AuditOut,
    HistoryOut,
    RulesOut,
    absolute,
    audit_body,
    history_body,
    rules_out,
)
from eppid.api.ratelimit import rate_limited
from eppid.api.requester import RequesterIn
from eppid.api.types import Line, Text
from eppid.casefiles.once import once_key
from eppid.objections import selectors
from eppid.objections.commission import commission_for
from eppid.objections.documents import document_url
from eppid.objections.rules import objection_rules
from eppid.objections.services import objection_file, objection_file_periodic

router = Router(tags=["objections"])
router.add_decorator(rate_limited("api-public"), mode="view")


class ObjectionIn(Schema):
    registration_number: Line = Field("", max_length=40)
    tracking_code: Line = Field("", max_length=200)
    reason: Line = Field("", max_length=20, description="The ground, one of: [[law:objection_grounds]]")
    statement: Text = Field("", max_length=5000)


class PeriodicIn(RequesterIn):
    statement: Text = Field("", max_length=5000, description="Which periodic information is missing")


class FiledOut(Schema):
    objection_number: str
    status: str
    due_date: str
    unit: str
    reason: str
    received_at: datetime
    receipt_url: str | None
    audit: AuditOut


class PeriodicFiledOut(FiledOut):
    tracking_code: str


class ObjectionDecisionOut(Schema):
    outcome: str
    explanation: str
    decided_at: datetime
    response_url: str | None


class WindowOut(Schema):
    start: date
    end: date
    commission: str
    commission_name: str


class ObjectionStatusOut(Schema):
    objection_number: str
    status: str
    unit: str
    reason: str
    ground: str
    registration_number: str | None
    received_at: datetime
    due_date: str
    decision: ObjectionDecisionOut | None
    followup_due_date: date | None
    dispute_window: WindowOut | None
    receipt_url: str | None
    history: list[HistoryOut]
    deadline_rules: RulesOut


def filed_body(http: HttpRequest, result) -> dict:
    objection = result.objection
    return {
        "objection_number": objection.number,
        "status": objection.status,
        "due_date": objection.due_date.isoformat(),
        "unit": objection.unit.code,
        "reason": objection.ground,
        "received_at": objection.received_at,
        "receipt_url": absolute(http, document_url(result.receipt)),
        "audit": audit_body(result),
    }


def window_body(objection) -> dict | None:
    window = selectors.dispute_window(objection)
    if window is None:
        return None
    commission, name = commission_for(objection.unit)
    return {"start": window[0], "end": window[1], "commission": commission, "commission_name": name}


def status_body(http: HttpRequest, objection) -> dict:
    decision = None
    if objection.decided_at is not None:
        decision = {
            "outcome": objection.outcome,
            "explanation": objection.explanation,
            "decided_at": objection.decided_at,
            "response_url": absolute(http, document_url(objection.response)),
        }
    return {
        "objection_number": objection.number,
        "status": objection.status,
        "unit": objection.unit.code,
        "reason": objection.ground,
        "ground": objection.ground,
        "registration_number": objection.request.registration_number if objection.request_id else None,
        "received_at": objection.received_at,
        "due_date": objection.due_date.isoformat(),
        "decision": decision,
        "followup_due_date": objection.followup_due_date,
        "dispute_window": window_body(objection),
        "receipt_url": absolute(http, document_url(objection.receipt)),
        "history": history_body(selectors.objection_history(objection)),
        "deadline_rules": rules_out(objection_rules(objection)),
    }


@router.post(
    "/objections",
    response={201: FiledOut},
    summary="Object to the handling of a request",
    description="Counts against the per-address allowance of objections shared with the "
    "objection forms (every attempt); over it: 429 with Retry-After. " + IDEMPOTENCY_HELP,
)
@decorate_view(rate_limited("objection-submit"))
def objection_create(
    request,
    payload: ObjectionIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", description=IDEMPOTENCY_HEADER),
):
    result = objection_file(
        registration_number=payload.registration_number,
        tracking_code=payload.tracking_code,
        ground=payload.reason,
        statement=payload.statement,
        once=once_key("api", idempotency_key) if idempotency_key else None,
    )
    return Status(201, filed_body(request, result))


@router.post(
    "/objections/periodic",
    response={201: PeriodicFiledOut},
    summary="Object that periodic information is not published (no request needed)",
    description="Counts against the same per-address allowance as every other objection. " + IDEMPOTENCY_HELP,
)
@decorate_view(rate_limited("objection-submit"))
def objection_create_periodic(
    request,
    data: Form[PeriodicIn],
    identity_document: File[UploadedFile] = None,
    authorisation_document: File[UploadedFile] = None,
    idempotency_key: str = Header("", alias="Idempotency-Key", description=IDEMPOTENCY_HEADER),
):
    values = data.dict()
    unit = values.pop("unit")
    statement = values.pop("statement")
    result = objection_file_periodic(
        unit=unit,
        data=values,
        statement=statement,
        identity_document=identity_document,
        authorisation_document=authorisation_document,
        once=once_key("api", idempotency_key) if idempotency_key else None,
    )
    return Status(201, {**filed_body(request, result), "tracking_code": result.tracking_code})


@router.get(
    "/objections/{number}",
    response=ObjectionStatusOut,
    summary="An objection's status, with the tracking code",
    description="Counts against the per-address allowance of status look-ups shared with the "
    "status pages; over it: 429 with Retry-After.",
)
@decorate_view(rate_limited("status-lookup"))
def objection_status(request, number: str, x_tracking_code: str = Header("", alias="X-Tracking-Code")):
    found = selectors.objection_find_public(number, x_tracking_code)
    if found is None:
        raise Http404
    return status_body(request, found)
