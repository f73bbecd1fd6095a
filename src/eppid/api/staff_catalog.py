"""The information list, staff side (contract section 4): draft an entry, publish it.

A foreign unit answers 404 (as if it did not exist); a role without the right in the own unit 403.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from eppid.api.auth import token_auth, unit_access_check
from eppid.catalog.models import InformationEntry
from eppid.catalog.services import entry_draft_create, entry_publish
from eppid.organisation import selectors
from eppid.organisation.roles import Permission

router = Router(auth=token_auth, tags=["staff"])


class InformationIn(Schema):
    unit: str = Field("", max_length=8, examples=["35.04"])
    title: str = Field("", max_length=300)
    summary: str = Field("", max_length=5000)
    category: str = Field("", max_length=12, description="periodic, immediate or on_demand")
    responsible: str = Field("", max_length=300, description="The person responsible for producing it.")
    created: str = Field("", max_length=10, description="The date it was made, YYYY-MM-DD.")
    format: str = Field("", max_length=300, description="The form it is available in.")
    retention: str = Field("", max_length=300, description="How long it is kept.")
    holder: str = Field(
        "", max_length=300, description="The official or unit holding it (default: the unit)."
    )
    place: str = Field("", max_length=200, description="Where it was made (default: the unit's region).")
    year: str = Field("", max_length=4, description="The year it is about (default: the year made).")
    type: str = Field("", max_length=40, description="Code of an information type, e.g. finances.")


class DraftOut(Schema):
    id: int
    status: str


def _unit_for(user, code: str, permission: str):
    """The unit a staff call acts in: 422 unknown, 404 foreign, 403 without the right."""
    code = (code or "").strip()
    if not code:
        raise ValidationError({"unit": [_("This field is required.")]})
    unit = selectors.unit_get(code)
    if unit is None:
        raise ValidationError({"unit": [_("No unit has this code.")]})
    unit_access_check(user, unit, permission)
    return unit


@router.post("/information", response={201: DraftOut}, summary="Draft an entry of a unit's information list")
def staff_information_create(
    request,
    data: Form[InformationIn],
    documents: File[list[UploadedFile]] = None,
):
    unit = _unit_for(request.auth, data.unit, Permission.DRAFT_INFORMATION)
    entry = entry_draft_create(unit=unit, actor=request.auth, data=data.dict(), documents=documents or [])
    return Status(201, {"id": entry.pk, "status": entry.status})


@router.post(
    "/information/{int:entry_id}/publish",
    response=DraftOut,
    summary="Publish an entry (the unit's PPID only)",
)
def staff_information_publish(request, entry_id: int):
    entry = InformationEntry.objects.select_related("unit").filter(pk=entry_id).first()
    user = request.auth
    if entry is None or not (user.is_superuser or selectors.permissions_for_user(user, entry.unit)):
        raise Http404
    if not selectors.user_has_permission(user, Permission.PUBLISH_INFORMATION, entry.unit):
        raise PermissionDenied
    entry = entry_publish(entry=entry, actor=user)
    return {"id": entry.pk, "status": entry.status}
