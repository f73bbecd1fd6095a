"""What the transparency log records of this app's models (see eppid.integrity.registry)."""

from eppid.integrity.registry import audited
from eppid.organisation.models import Membership, Unit, UnitProfile
from eppid.organisation.services import PROFILE_FIELDS

audited(Unit, fields=("code", "name", "level", "parent", "region_name"), unit_code=lambda unit: unit.code)
audited(
    UnitProfile,
    fields=("unit", *PROFILE_FIELDS, "updated_by"),
    unit_code=lambda profile: profile.unit.code,
)
audited(Membership, fields=("user", "unit", "role"), unit_code=lambda membership: membership.unit.code)
