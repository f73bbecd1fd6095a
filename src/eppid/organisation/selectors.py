"""Who may see what: the scoping questions every other app asks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

# UNIT_CODE is re-exported: scoping code asks organisation, but the one definition lives in law.
from eppid.law.codes import UNIT_CODE as UNIT_CODE
from eppid.law.codes import is_unit_code
from eppid.organisation.models import Level, Membership, Unit, UnitProfile
from eppid.organisation.roles import ROLE_PERMISSIONS, Permission, Role


def unit_get(code: str) -> Unit | None:
    """The unit with this code; None for anything that is not a unit code (never a query error)."""
    if not is_unit_code(code):
        return None
    return Unit.objects.filter(code=code).select_related("parent").first()


def unit_names(codes: Iterable[str]) -> dict[str, str]:
    """Each known code's unit name; unknown codes are left out."""
    return dict(Unit.objects.filter(code__in=list(codes)).values_list("code", "name"))


def unit_descendants(unit: Unit) -> QuerySet[Unit]:
    """The unit's subtree below it. Codes nest (35 > 35.04), so one prefix query finds it all."""
    if unit.parent_id is None:
        return Unit.objects.exclude(pk=unit.pk)
    return Unit.objects.filter(code__startswith=f"{unit.code}.")


def memberships_for_user(user) -> QuerySet[Membership]:
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("unit").order_by("unit__code", "role")


def permissions_for_user(user, unit: Unit) -> frozenset[str]:
    """What the user may do in exactly this unit (no inheritance: case files never flow up)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = Membership.objects.filter(user=user, unit=unit).values_list("role", flat=True)
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def user_has_permission(user, permission: str, unit: Unit) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return permission in permissions_for_user(user, unit)


def units_with_permission(user, permission: str) -> QuerySet[Unit]:
    """Units where the user holds a role that grants ``permission`` (all units for a system admin)."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if permission in perms]
    return Unit.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def units_in_statistics_scope(user) -> QuerySet[Unit]:
    """A parent unit sees the statistics of every unit below it, never their case files."""
    roots: Iterable[Unit] = units_with_permission(user, "view_statistics")
    if user.is_authenticated and user.is_superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[unit.pk for unit in roots])
    for unit in roots:
        if unit.parent_id is None:
            return Unit.objects.all()
        condition |= Q(code__startswith=f"{unit.code}.")
    return Unit.objects.filter(condition)


def user_can_see_statistics(user, unit: Unit) -> bool:
    return units_in_statistics_scope(user).filter(pk=unit.pk).exists()


# --- Public reads ---------------------------------------------------------------------------------


def units_search(*, q: str = "", level: str = "", parent: str = "") -> QuerySet[Unit]:
    """Units matching a free-text query on name, code or region, optionally by level and parent."""
    units = Unit.objects.select_related("parent").order_by("code")
    q = (q or "").strip()
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(region_name__icontains=q))
    if level:
        units = units.filter(level=level)
    if parent:
        units = units.filter(parent__code=parent)
    return units


def units_search_in_console(user, *, q: str = "", level: str = "") -> QuerySet[Unit]:
    """The units whose console the user may open (every unit for a system admin), searched."""
    return units_search(q=q, level=level).filter(pk__in=units_with_permission(user, "view_unit"))


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.order_by("code")


def unit_profile_get(unit: Unit) -> UnitProfile:
    """The unit's profile; an unsaved empty one when nobody has written it yet."""
    profile = UnitProfile.objects.filter(unit=unit).first()
    return profile if profile is not None else UnitProfile(unit=unit)


def unit_members(unit: Unit) -> QuerySet[Membership]:
    return Membership.objects.filter(unit=unit).select_related("user").order_by("user__username", "role")


# --- Statistics -----------------------------------------------------------------------------------


@dataclass
class SubtreeFigures:
    """Counts for a unit together with every unit below it."""

    unit: Unit
    units_by_level: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    staff: set = field(default_factory=set)
    profiles_complete: int = 0

    @property
    def unit_count(self) -> int:
        return sum(self.units_by_level.values())

    @property
    def staff_count(self) -> int:
        return len(self.staff)

    @property
    def levels(self) -> list[tuple[str, int]]:
        return [(label, self.units_by_level[value]) for value, label in Level.choices]

    @property
    def role_rows(self) -> list[tuple[str, int]]:
        return [(label, self.roles[value]) for value, label in Role.choices]


@dataclass
class UnitStatistics:
    total: SubtreeFigures
    children: list[SubtreeFigures]


def unit_statistics(unit: Unit) -> UnitStatistics:
    """Units, staff by role and complete PPID profiles for the unit's subtree and each child's."""
    subtree = list(unit_descendants(unit).values_list("id", "code", "level")) + [
        (unit.pk, unit.code, unit.level)
    ]
    ids = [row[0] for row in subtree]
    code_of = {pk: code for pk, code, _level in subtree}
    memberships = Membership.objects.filter(unit_id__in=ids, user__is_active=True).values_list(
        "unit_id", "role", "user_id"
    )
    complete_units = {
        profile.unit_id
        for profile in UnitProfile.objects.filter(unit_id__in=ids).only(
            "unit_id", *UnitProfile.REQUIRED_FOR_COMPLETE
        )
        if profile.is_complete
    }

    total = SubtreeFigures(unit=unit)
    children = [SubtreeFigures(unit=child) for child in unit_children(unit)]

    def buckets(code: str) -> list[SubtreeFigures]:
        found = [total]
        for child in children:
            if code == child.unit.code or code.startswith(f"{child.unit.code}."):
                found.append(child)
                break
        return found

    for pk, code, level in subtree:
        for figures in buckets(code):
            figures.units_by_level[level] += 1
            if pk in complete_units:
                figures.profiles_complete += 1
    for unit_id, role, user_id in memberships:
        for figures in buckets(code_of[unit_id]):
            figures.roles[role] += 1
            figures.staff.add(user_id)
    return UnitStatistics(total=total, children=children)


# --- The working-day calendar -----------------------------------------------------------------


def user_is_staff_member(user) -> bool:
    """A system administrator, or someone holding at least one role in some unit."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or Membership.objects.filter(user=user).exists()


def unit_codes_visible_to(user) -> list[str] | None:
    """Codes of the units whose closure days the user sees; None means every unit."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return None
    return sorted({membership.unit.code for membership in memberships_for_user(user)})


def units_managing_closures(user) -> QuerySet[Unit]:
    """Units for which the user may add closure days (every unit for a system administrator)."""
    return units_with_permission(user, Permission.MANAGE_CLOSURES).order_by("code")


def user_may_manage_closures(user, unit_code: str | None) -> bool:
    """Whether the user may add or remove a closure for ``unit_code`` (None: every unit at once).

    A system administrator may close all units or any one; a unit administrator
    (``manage_closures``) only their own units, never all of them.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if unit_code is None:
        return False
    unit = unit_get(unit_code)
    return unit is not None and user_has_permission(user, Permission.MANAGE_CLOSURES, unit)


def units_managing_election_periods(user) -> QuerySet[Unit]:
    """Units for which the user may declare election periods (every unit for a system administrator)."""
    return units_with_permission(user, Permission.MANAGE_ELECTION_PERIODS).order_by("code")


def user_may_manage_election_periods(user, unit_code: str | None) -> bool:
    """Whether the user may declare, end or remove an election period for ``unit_code`` and the units
    below it (None: every unit). A system administrator may declare national periods or any unit's;
    a unit administrator (``manage_election_periods``) only their own units'."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if unit_code is None:
        return False
    unit = unit_get(unit_code)
    return unit is not None and user_has_permission(user, Permission.MANAGE_ELECTION_PERIODS, unit)
