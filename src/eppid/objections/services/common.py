"""Pieces the objection services share: numbering, events, locking, who may act, texts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.objections.models import Objection, ObjectionCounter, ObjectionEvent
from eppid.organisation.models import Membership
from eppid.organisation.roles import ROLE_PERMISSIONS, Permission

STATEMENT_LIMIT = 5000
NOTE_LIMIT = 5000


class RequestNotFound(Http404):
    """Unknown registration number or wrong tracking code: the same 404 as the request API's."""


def objection_number_format(unit_code: str, year: int, sequence: int) -> str:
    """``KEB-35.04-2026-00003`` (keberatan): URL-safe, unit code and year, 5-digit sequence."""
    return f"KEB-{unit_code}-{year}-{sequence:05d}"


def sequence_take(unit, year: int) -> int:
    """The next gapless sequence for (unit, year): the counter row stays locked until commit."""
    counter, _created = ObjectionCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def event_add(objection, kind: str, *, actor=None, status_after: str = "", note: str = "", at=None):
    return ObjectionEvent.objects.create(
        objection=objection,
        kind=kind,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        status_after=status_after,
        note=note,
    )


def locked(objection) -> Objection:
    return (
        Objection.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit")
        .get(pk=objection.pk)
    )


def _roles_granting(permission: str) -> list[str]:
    return [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]


def holds_in_unit(user, permission: str, unit) -> bool:
    """Whether ``user`` holds a role granting ``permission`` in exactly ``unit``.

    No system-administrator shortcut: deciding objections is the superior's office by law
    (UU 14/2008 Pasal 36), and recording disputes is the unit's own work.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(user=user, unit=unit, role__in=_roles_granting(permission)).exists()


def may_decide(user, unit) -> bool:
    return holds_in_unit(user, Permission.DECIDE_OBJECTIONS, unit)


def may_handle(user, unit) -> bool:
    """Follow-ups and disputes: the PPID's staff (handle_cases) or the superior (decide_objections)."""
    return holds_in_unit(user, Permission.HANDLE_CASES, unit) or may_decide(user, unit)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def refresh(objection) -> None:
    objection.refresh_from_db()
