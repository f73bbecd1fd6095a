"""Who may see what: the scoping questions every other app asks."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from eppid.organisation.models import Membership, Unit
from eppid.organisation.roles import ROLE_PERMISSIONS


def unit_get(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).select_related("parent").first()


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
