"""Objections received on paper, by email or at the desk, registered by staff (decision 1698):
``POST /staff/objections`` on a request of the caller's unit (in ``staff_objections``, beside the
list on the same path), ``POST /staff/objections/periodic`` on ground b without one (here, in a
router mounted before ``/staff/objections/{number}``). Extensions of the contract, shaped as
``POST /staff/requests`` is to ``POST /requests``: the public body plus ``channel`` and
``received_at``, the same 201 (plus ``channel``).

Who may: a role with handle_cases in the request's unit (as the request desk); a request the
caller cannot see is a 422 on ``registration_number`` (never a hint that it exists), a member of
the unit without the right a 403. One desk allowance per staff user, shared with the console.
"""

from django.core.exceptions import PermissionDenied
from ninja import Field, File, Form, Header, Router, Schema, Status
from ninja.files import UploadedFile

from eppid.api.auth import token_auth
from eppid.api.cases import IDEMPOTENCY_HEADER, IDEMPOTENCY_HELP
from eppid.api.objections import FiledOut, PeriodicFiledOut, PeriodicIn, filed_body
from eppid.api.types import Line, Text
from eppid.casefiles.once import once_key
from eppid.core.ratelimit import rate_limit_hit
from eppid.objections.services import objection_register_periodic
from eppid.organisation.models import Unit
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

router = Router(auth=token_auth, tags=["staff"])

CHANNEL_HELP = "walk_in, post or email: an objection is made in writing (never by phone)"
RECEIVED_HELP = "ISO 8601 with any offset; may be past (from 1 January of last year), never future"


class DeskObjectionIn(Schema):
    registration_number: Line = Field("", max_length=40)
    reason: Line = Field("", max_length=20, description="The ground, one of: [[law:objection_grounds]]")
    statement: Text = Field("", max_length=5000)
    channel: Line = Field("", max_length=10, description=CHANNEL_HELP)
    received_at: Line = Field("", max_length=40, description=RECEIVED_HELP)


class DeskPeriodicIn(PeriodicIn):
    channel: Line = Field("", max_length=10, description=CHANNEL_HELP)
    received_at: Line = Field("", max_length=40, description=RECEIVED_HELP)


class DeskFiledOut(FiledOut):
    channel: str


class DeskPeriodicFiledOut(PeriodicFiledOut):
    channel: str


def desk_once(http, key: str):
    return once_key(f"staff:{http.auth.pk}", key) if key else None


def desk_body(http, result) -> dict:
    return {**filed_body(http, result), "channel": result.objection.channel}


@router.post(
    "/objections/periodic",
    response={201: DeskPeriodicFiledOut},
    summary="Register an objection without a request (periodic information not published) received on paper",
    description="The identity fields of a request, the statement, channel and received_at. "
    "The tracking code is in this answer only. " + IDEMPOTENCY_HELP,
)
def staff_objection_create_periodic(
    request,
    data: Form[DeskPeriodicIn],
    identity_document: File[UploadedFile] = None,
    authorisation_document: File[UploadedFile] = None,
    idempotency_key: str = Header("", alias="Idempotency-Key", description=IDEMPOTENCY_HEADER),
):
    rate_limit_hit(request, "request-register")
    values = data.dict()
    unit = Unit.objects.filter(code=values.pop("unit").strip()).first()
    if unit is not None and not user_has_permission(request.auth, Permission.HANDLE_CASES, unit):
        raise PermissionDenied
    channel, received_at, statement = (
        values.pop("channel"),
        values.pop("received_at"),
        values.pop("statement"),
    )
    result = objection_register_periodic(
        unit=unit,
        actor=request.auth,
        data=values,
        statement=statement,
        identity_document=identity_document,
        authorisation_document=authorisation_document,
        channel=channel,
        received_at=received_at or None,
        once=desk_once(request, idempotency_key),
    )
    return Status(201, {**desk_body(request, result), "tracking_code": result.tracking_code})
