"""What the transparency log records of this app's models (see eppid.integrity.registry)."""

from eppid.integrity.registry import audited
from eppid.organisation.models import Membership, Unit, UnitProfile

audited(Unit, fields=("code", "name", "level", "parent", "region_name"), unit_code=lambda unit: unit.code)
audited(
    UnitProfile,
    fields=(
        "unit",
        "address",
        "phone",
        "email",
        "service_hours",
        "ppid_name",
        "ppid_position",
        "superior_name",
        "superior_position",
        "charter_legal_basis",
        "charter_procedure",
        "charter_completion_time",
        "charter_cost",
        "charter_guarantee",
        "charter_complaints",
        "updated_by",
    ),
    unit_code=lambda profile: profile.unit.code,
)
audited(Membership, fields=("user", "unit", "role"), unit_code=lambda membership: membership.unit.code)
