"""The consequence test, staff side (contract section 4, ``POST /staff/exemptions``): the unit's PPID
records a test; the entry is listed under ``category=exempt`` at once, with the signed sheet.

A foreign unit answers 404; another role of the own unit 403; bad input 422 and changes nothing.
"""

from ninja import Field, Router, Schema, Status

from eppid.api.auth import token_auth
from eppid.api.staff_catalog import _unit_for
from eppid.api.types import Line, Text
from eppid.catalog.exemption_selectors import paper_url
from eppid.catalog.exemptions import exemption_record
from eppid.organisation.roles import Permission

router = Router(auth=token_auth, tags=["staff"])


class ExemptionIn(Schema):
    unit: Line = Field("", max_length=8, examples=["35.04"])
    information: Text = Field(
        "", max_length=5000, description="What is withheld, described without disclosing it."
    )
    document: Line = Field(
        "",
        max_length=300,
        description="The document or information tested (default: the first line of information).",
    )
    exemption_basis: Line | list[Line] = Field(
        "", description="A ground of exemption, or several: [[law:exemption_grounds]]"
    )
    legal_basis: Text = Field("", max_length=2000, description="The law and article relied on.")
    consequence: Text = Field("", max_length=5000, description="The harm if it were opened.")
    public_interest: Text = Field("", max_length=5000, description="The weighing of the public interest.")
    until: Line = Field(
        "", max_length=10, description="The last day of the exemption, YYYY-MM-DD, in the future."
    )
    participants: list[Line] = Field(
        default_factory=list, max_length=30, description="Names of the participants."
    )
    occasion: Line = Field(
        "", max_length=20, description="before_request (default), at_request or commission_order."
    )
    occasion_reference: Line = Field(
        "", max_length=200, description="A request's number or a Commission order."
    )


class ExemptionOut(Schema):
    id: int = Field(description="The entry of the information list (GET /information/{id}).")
    test_url: str | None = Field(
        description="The signed consequence-test sheet (PDF); null while it is signed."
    )


@router.post(
    "/exemptions", response={201: ExemptionOut}, summary="Record a consequence test (the unit's PPID only)"
)
def staff_exemption_create(request, data: ExemptionIn):
    unit = _unit_for(request.auth, data.unit, Permission.PUBLISH_INFORMATION)
    test = exemption_record(unit=unit, actor=request.auth, data=data.dict())
    sheet = paper_url(test.sheet)
    return Status(
        201, {"id": test.entry_id, "test_url": request.build_absolute_uri(sheet) if sheet else None}
    )
