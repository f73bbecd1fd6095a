"""Public units endpoints (contract section 4): the 553-unit tree and each unit's PPID profile."""

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from eppid.api.pagination import Pagination
from eppid.api.ratelimit import rate_limited
from eppid.api.types import LevelFilter, OptionalFilter
from eppid.core.public_cache import public_cached
from eppid.organisation import selectors
from eppid.organisation.charter import charter_items

router = Router(tags=["units"])
router.add_decorator(rate_limited("api-public"), mode="view")


class UnitFilters(Schema):
    level: LevelFilter = Field(None, description="Only units of this level.")
    parent: OptionalFilter = Field(
        None, max_length=8, description="Only the direct children of this unit code."
    )
    q: OptionalFilter = Field(None, max_length=100, description="Search in name, code and region (any case).")


class UnitBase(Schema):
    code: str = Field(examples=["35.04"])
    name: str = Field(examples=["Bawaslu Kabupaten Tulungagung"])
    level: str = Field(examples=["regency"])
    parent: str | None = Field(examples=["35"])


class UnitOut(UnitBase):
    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class OfficialOut(Schema):
    name: str
    position: str


class CharterItemOut(Schema):
    field: str
    label: str
    text: str
    is_default: bool = Field(description="True when the text is the statutory default.")


class ProfileOut(Schema):
    address: str
    phone: str
    email: str
    service_hours: str
    ppid: OfficialOut
    superior: OfficialOut
    charter: list[CharterItemOut]
    complete: bool


class UnitDetailOut(UnitBase):
    region_name: str
    children: list[str] = Field(description="Codes of the units directly below this one.")
    profile: ProfileOut


@router.get("/units", response=list[UnitOut], summary="List and search units")
@decorate_view(public_cached(params=("page", "page_size"), conditional=True))
@paginate(Pagination)
def units_list(request, filters: Query[UnitFilters]):
    return selectors.units_search(q=filters.q or "", level=filters.level or "", parent=filters.parent or "")


@router.get("/units/{code}", response=UnitDetailOut, summary="One unit with its PPID profile")
@decorate_view(public_cached(conditional=True))
def unit_detail(request, code: str):
    unit = selectors.unit_get(code)
    if unit is None:
        raise Http404
    profile = selectors.unit_profile_get(unit)
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.code if unit.parent_id else None,
        "region_name": unit.region_name,
        "children": list(selectors.unit_children(unit).values_list("code", flat=True)),
        "profile": {
            "address": profile.address,
            "phone": profile.phone,
            "email": profile.email,
            "service_hours": profile.service_hours,
            "ppid": {"name": profile.ppid_name, "position": profile.ppid_position},
            "superior": {"name": profile.superior_name, "position": profile.superior_position},
            "charter": [item.__dict__ for item in charter_items(profile)],
            "complete": profile.is_complete,
        },
    }
