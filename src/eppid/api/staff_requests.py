"""Information requests, staff side (contract section 4): register, list, extend, decide, forward."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from eppid.api.auth import token_auth
from eppid.api.pagination import Pagination
from eppid.api.requests import (
    AuditOut,
    DecisionOut,
    HistoryOut,
    RequestIn,
    RulesOut,
    created_body,
    status_body,
)
from eppid.disclosure import selectors
from eppid.disclosure.services import (
    request_decide,
    request_extend,
    request_forward,
    request_submit,
)
from eppid.organisation.models import Unit
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

router = Router(auth=token_auth, tags=["staff"])


class StaffRequestIn(RequestIn):
    channel: str = Field("", max_length=10, description="walk_in, post, email or phone")
    received_at: str = Field("", max_length=40, description="ISO 8601; may be past, never future")


class StaffCreatedOut(Schema):
    registration_number: str
    tracking_code: str
    status: str
    unit: str
    received_at: datetime
    due_date: str
    receipt_url: str
    audit: AuditOut


class RequesterOut(Schema):
    requester_type: str
    name: str
    group_name: str
    nik: str | None
    nik_masked: bool
    legal_entity_number: str
    email: str
    phone: str
    address: str
    occupation: str


class StaffRequestOut(Schema):
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
    channel: str
    information: str
    purpose: str
    access_method: str
    copy_format: str
    delivery: str
    requester: RequesterOut


class Filters(Schema):
    status: str | None = Field(None, max_length=20)
    overdue: bool = False


class ExtendIn(Schema):
    reason: str = Field("", max_length=2000)


class ExtendOut(Schema):
    registration_number: str
    due_date: str
    extended: bool


class DecisionIn(Schema):
    outcome: str = Field("", max_length=20)
    explanation: str = Field("", max_length=2000)
    exemption_basis: str = Field(
        "",
        max_length=20,
        description="Required for rejected and partially_granted: [[law:exemption_grounds]]",
    )
    held_by: str = Field("", max_length=300)
    material: str = Field("", max_length=2000)
    redactions: str = Field("", max_length=2000)
    fee_rupiah: int = Field(0, ge=0, le=1_000_000_000)


class DecisionDoneOut(Schema):
    status: str
    notice_url: str | None


class ForwardIn(Schema):
    unit: str = Field("", max_length=8)
    reason: str = Field("", max_length=2000)


class ForwardOut(Schema):
    forwarded_to: str


def staff_body(http, user, request) -> dict:
    body = status_body(http, request)
    unmask = selectors.user_may_unmask(user, request)
    body.update(
        channel=request.channel,
        information=request.information,
        purpose=request.purpose,
        access_method=request.access_method,
        copy_format=request.copy_format,
        delivery=request.delivery,
        requester={
            "requester_type": request.requester_type,
            "name": request.name or "",
            "group_name": request.group_name,
            "nik": (request.nik if unmask else selectors.nik_masked(request.nik)) if request.nik else None,
            "nik_masked": not unmask,
            "legal_entity_number": request.legal_entity_number,
            "email": request.email or "",
            "phone": request.phone or "",
            "address": request.address or "",
            "occupation": request.occupation,
        },
    )
    return body


def _acting(http, number: str):
    """The request for a user who may work on it: 404 unknown or foreign unit, 403 without the right."""
    found = selectors.request_get_for_staff(http.auth, number)
    if found is None:
        raise Http404
    if not user_has_permission(http.auth, Permission.HANDLE_CASES, found.unit):
        raise PermissionDenied
    return found


@router.post("/requests", response={201: StaffCreatedOut}, summary="Register a request received at the desk")
def staff_request_create(
    request,
    data: Form[StaffRequestIn],
    identity_document: File[UploadedFile] = None,
    authorisation_document: File[UploadedFile] = None,
):
    unit = Unit.objects.filter(code=data.unit.strip()).first()
    if unit is not None and not user_has_permission(request.auth, Permission.HANDLE_CASES, unit):
        raise PermissionDenied
    values = data.dict()
    channel = values.pop("channel") or ""
    received_at = values.pop("received_at") or None
    from eppid.disclosure.choices import STAFF_CHANNELS

    if channel not in STAFF_CHANNELS:
        from django.core.exceptions import ValidationError

        raise ValidationError({"channel": [_channel_message()]})
    result = request_submit(
        data=values,
        identity_document=identity_document,
        authorisation_document=authorisation_document,
        channel=channel,
        received_at=received_at,
        actor=request.auth,
    )
    return Status(201, created_body(request, result))


def _channel_message() -> str:
    from django.utils.translation import gettext as _

    return _("Choose one of: %(expected)s.") % {"expected": "walk_in, post, email, phone"}


@router.get("/requests", response=list[StaffRequestOut], summary="Requests of the units you serve")
@paginate(Pagination)
def staff_request_list(request, filters: Query[Filters]):
    rows = selectors.requests_for_user(request.auth, status=filters.status, overdue=filters.overdue)
    return [staff_body(request, request.auth, row) for row in rows.select_related("forwarded_to")]


@router.get("/requests/{number}", response=StaffRequestOut, summary="One request with its requester")
def staff_request_detail(request, number: str):
    found = selectors.request_get_for_staff(request.auth, number)
    if found is None:
        raise Http404
    return staff_body(request, request.auth, found)


@router.post(
    "/requests/{number}/extend",
    response=ExtendOut,
    summary="Extend the deadline once",
    description=(
        "Once, before the due date passes. The new due date is the extension step of the request's own "
        "rule set after the original due date: [[law:extension_days]] working days for public information "
        "under the rules in force today, [[law:election.extension_days]] for election information received "
        "during a declared election period."
    ),
)
def staff_request_extend(request, number: str, payload: ExtendIn):
    found = request_extend(request=_acting(request, number), actor=request.auth, reason=payload.reason)
    return {
        "registration_number": found.registration_number,
        "due_date": found.due_date.isoformat(),
        "extended": True,
    }


@router.post(
    "/requests/{number}/decision", response=DecisionDoneOut, summary="Decide and issue the written notice"
)
def staff_request_decision(request, number: str, payload: DecisionIn):
    found = _acting(request, number)
    decision = request_decide(request=found, actor=request.auth, **payload.dict())
    from eppid.api.requests import absolute
    from eppid.disclosure.services.documents import document_url

    return {
        "status": found.status,
        "notice_url": absolute(request, document_url(getattr(decision, "notice", None))),
    }


@router.post("/requests/{number}/forward", response=ForwardOut, summary="Forward to the unit that holds it")
def staff_request_forward(request, number: str, payload: ForwardIn):
    new = request_forward(
        request=_acting(request, number), actor=request.auth, unit_code=payload.unit, reason=payload.reason
    )
    return {"forwarded_to": new.registration_number}
