"""Information requests, public side (contract section 4): file one, follow it with its code."""

from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
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
from eppid.api.problems import problem
from eppid.api.ratelimit import rate_limited
from eppid.api.requester import RequesterIn
from eppid.api.types import Line, Text
from eppid.casefiles.once import once_key
from eppid.disclosure import selectors
from eppid.disclosure.case_rules import request_rules
from eppid.disclosure.services import LifecycleError, request_submit
from eppid.disclosure.services.documents import document_url

router = Router(tags=["requests"])

router.add_decorator(rate_limited("api-public"), mode="view")


class RequestIn(RequesterIn):
    information: Text = Field("", max_length=5000)
    purpose: Text = Field("", max_length=2000)
    access_method: Line = Field("", max_length=10, description="view or copy")
    copy_format: Line = Field("", max_length=10, description="softcopy or hardcopy, with copy")
    delivery: Line = Field("", max_length=10, description="pickup, email, post or courier")
    election_information: bool = Field(
        False,
        description=(
            "Optional (absent: false). A request for election information received while an election "
            "period is declared for the unit follows the election rules: written notice within "
            "[[law:election.response_days]] working days, one extension of at most "
            "[[law:election.extension_days]] working days. Other requests: [[law:response_days]] working "
            "days, one extension of at most [[law:extension_days]] working days."
        ),
    )


class CreatedOut(Schema):
    registration_number: str
    tracking_code: str
    status: str
    unit: str
    received_at: datetime
    due_date: str
    receipt_url: str
    audit: AuditOut


class DecisionOut(Schema):
    outcome: str
    decided_at: datetime
    notice_url: str | None


class StatusOut(Schema):
    registration_number: str
    status: str
    unit: str
    received_at: datetime
    due_date: str
    extended: bool
    decision: DecisionOut | None
    forwarded_to: str | None
    history: list[HistoryOut]
    election_information: bool
    deadline_rules: RulesOut


def receipt_url(http: HttpRequest, request, receipt=None) -> str:
    """The receipt's capability URL: the signed PDF, or 404 while its signing is pending."""
    return absolute(http, document_url(receipt or request.receipt))


def created_body(http: HttpRequest, result) -> dict:
    request = result.request
    return {
        "registration_number": request.registration_number,
        "tracking_code": result.tracking_code,
        "status": request.status,
        "unit": request.unit.code,
        "received_at": request.received_at,
        "due_date": request.due_date.isoformat(),
        "receipt_url": receipt_url(http, request, result.receipt),
        "audit": audit_body(result),
    }


def decision_body(http: HttpRequest, request) -> dict | None:
    decision = getattr(request, "decision", None) if request.status == "completed" else None
    if decision is None:
        return None
    notice = getattr(decision, "notice", None)
    return {
        "outcome": decision.outcome,
        "decided_at": decision.decided_at,
        "notice_url": absolute(http, document_url(notice)),
    }


def status_body(http: HttpRequest, request) -> dict:
    return {
        "registration_number": request.registration_number,
        "status": request.status,
        "unit": request.unit.code,
        "received_at": request.received_at,
        "due_date": request.due_date.isoformat(),
        "extended": request.extended,
        "decision": decision_body(http, request),
        "forwarded_to": request.forwarded_to.registration_number if request.forwarded_to_id else None,
        "history": history_body(selectors.request_history(request)),
        "election_information": request.election_information,
        "deadline_rules": rules_body(request),
    }


def rules_body(request) -> dict:
    return rules_out(request_rules(request))


def validation_problem(error: DjangoValidationError):
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return problem(422, errors=errors)


def lifecycle_problem(error: LifecycleError):
    return problem(409, str(error))


@router.post(
    "/requests",
    response={201: CreatedOut},
    summary="File an information request",
    description="Counts against the same per-address allowance as the citizen's form "
    "(every attempt, valid or not); over it: 429 with Retry-After. " + IDEMPOTENCY_HELP,
)
@decorate_view(rate_limited("request-submit"))
def request_create(
    request,
    data: Form[RequestIn],
    identity_document: File[UploadedFile] = None,
    authorisation_document: File[UploadedFile] = None,
    idempotency_key: str = Header("", alias="Idempotency-Key", description=IDEMPOTENCY_HEADER),
):
    result = request_submit(
        data=data.dict(),
        identity_document=identity_document,
        authorisation_document=authorisation_document,
        once=once_key("api", idempotency_key) if idempotency_key else None,
    )
    return Status(201, created_body(request, result))


@router.get(
    "/requests/{number}",
    response=StatusOut,
    summary="A request's status, with its tracking code",
    description="Counts against the per-address allowance of status look-ups shared with the "
    "status pages; over it: 429 with Retry-After.",
)
@decorate_view(rate_limited("status-lookup"))
def request_status(request, number: str, x_tracking_code: str = Header("", alias="X-Tracking-Code")):
    found = selectors.request_find_public(number, x_tracking_code)
    if found is None:
        raise Http404
    return status_body(request, found)
