"""Information requests, staff side (contract section 4): register, list, extend, decide, forward."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, File, Form, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile
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
from eppid.api.pagination import Pagination, Rows
from eppid.api.requester import RequesterOut
from eppid.api.requests import (
    CreatedOut,
    RequestIn,
    StatusOut,
    created_body,
    status_body,
)
from eppid.api.types import Line, Text
from eppid.casefiles.once import once_key
from eppid.catalog.exemption_citations import request_decide_citing
from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure import selectors
from eppid.disclosure.masking import requester_for_staff
from eppid.disclosure.services import (
    request_decide,
    request_extend,
    request_forward,
    request_nik_unmask,
    request_submit,
)
from eppid.disclosure.services.documents import document_url
from eppid.organisation.models import Unit
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

router = Router(auth=token_auth, tags=["staff"])


class StaffRequestIn(RequestIn):
    channel: Line = Field("", max_length=10, description="walk_in, post, email or phone")
    received_at: Line = Field(
        "", max_length=40, description="ISO 8601; may be past (from 1 January of last year), never future"
    )


class StaffCreatedOut(CreatedOut):
    pass


class StaffRequestOut(StatusOut):
    channel: str
    information: str
    purpose: str
    access_method: str
    copy_format: str
    delivery: str
    requester: RequesterOut


class ExtendIn(Schema):
    reason: Text = Field("", max_length=2000)


class ExtendOut(Schema):
    registration_number: str
    due_date: str
    extended: bool


class DecisionIn(Schema):
    outcome: Line = Field("", max_length=20)
    explanation: Text = Field("", max_length=2000)
    exemption_basis: Line = Field(
        "",
        max_length=20,
        description="Required for rejected and partially_granted: [[law:exemption_grounds]]",
    )
    held_by: Line = Field("", max_length=300)
    material: Text = Field("", max_length=2000)
    redactions: Text = Field("", max_length=2000)
    fee_rupiah: int = Field(0, ge=0, le=1_000_000_000)
    exemption: int | None = Field(
        None,
        description=(
            "For rejected and partially_granted: the id of an exempt entry of the request's unit "
            "(a consequence test in force); its ground becomes exemption_basis."
        ),
    )


class DecisionDoneOut(Schema):
    status: str
    notice_url: str | None


class ForwardIn(Schema):
    unit: Line = Field("", max_length=8)
    reason: Text = Field("", max_length=2000)


class ForwardOut(Schema):
    forwarded_to: str


def staff_body(http, request, *, in_list: bool, nik_unmasked: bool = False) -> dict:
    body = status_body(http, request)
    body.update(
        channel=request.channel,
        information=request.information,
        purpose=request.purpose,
        access_method=request.access_method,
        copy_format=request.copy_format,
        delivery=request.delivery,
        requester=requester_for_staff(request, in_list=in_list, nik_unmasked=nik_unmasked),
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


@router.post(
    "/requests",
    response={201: StaffCreatedOut},
    summary="Register a request received at the desk",
    description="Desk registrations are counted per staff user (shared with the console's form, "
    "never with citizens' allowance at the same address); over the rate: 429 with Retry-After. "
    + IDEMPOTENCY_HELP,
)
def staff_request_create(
    request,
    data: Form[StaffRequestIn],
    identity_document: File[UploadedFile] = None,
    authorisation_document: File[UploadedFile] = None,
    idempotency_key: str = Header("", alias="Idempotency-Key", description=IDEMPOTENCY_HEADER),
):
    rate_limit_hit(request, "request-register")
    unit = Unit.objects.filter(code=data.unit.strip()).first()
    if unit is not None and not user_has_permission(request.auth, Permission.HANDLE_CASES, unit):
        # The unit is named in the body and units are public: not one the caller may not see,
        # but one they may not register in (contract section 2: authenticated but not allowed).
        raise PermissionDenied
    values = data.dict()
    channel = values.pop("channel") or ""
    received_at = values.pop("received_at") or None
    result = request_submit(
        data=values,
        identity_document=identity_document,
        authorisation_document=authorisation_document,
        channel=channel,
        received_at=received_at,
        actor=request.auth,
        once=once_key(f"staff:{request.auth.pk}", idempotency_key) if idempotency_key else None,
    )
    return Status(201, created_body(request, result))


@router.get(
    "/requests",
    response=list[StaffRequestOut],
    summary="Requests of the units you serve",
    description="Each item carries the public status fields and the requester, as the console's "
    "inbox shows them: the name as given; the NIK, email, phone and address masked "
    "(requester.masked_fields names them). A list never unmasks (?unmask: 422); read one "
    "request for its contact details, and ask for its NIK there.",
)
@paginate(Pagination)
def staff_request_list(request, filters: Query[Filters]):
    list_unmask_refuse(request)
    rows = selectors.requests_for_user(request.auth, status=filters.status, overdue=filters.overdue)
    # Cut the page in the database; only its rows are decrypted and turned into items.
    return Rows(selectors.requests_with_answers(rows), lambda row: staff_body(request, row, in_list=True))


@router.get(
    "/requests/{number}",
    response=StaffRequestOut,
    summary="One request with its requester",
    description="The requester's contact details in full, as on the console's page; the NIK "
    "masked unless asked for with ?unmask=nik (recorded).",
)
def staff_request_detail(
    request,
    number: str,
    unmask: str = Query("", max_length=10, description=UNMASK_DESCRIPTION),  # noqa: B008 - ninja's style
):
    found = selectors.request_get_for_staff(request.auth, number)
    if found is None:
        raise Http404
    unmasked = nik_unmask_asked(request, unmask, found.unit, found)
    if unmasked:
        request_nik_unmask(request=found, actor=request.auth)
    return staff_body(request, found, in_list=False, nik_unmasked=unmasked)


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
    values = payload.dict()
    exemption = values.pop("exemption", None)
    if exemption is not None:
        decision = request_decide_citing(request=found, actor=request.auth, exemption=exemption, **values)
    else:
        decision = request_decide(request=found, actor=request.auth, **values)
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
