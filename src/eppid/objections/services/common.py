"""Pieces the objection services share: the number format, who may act, text limits.

Numbering, events, locking and file clean-up are every case file's: ``eppid.casefiles.services``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from eppid.organisation.models import Membership
from eppid.organisation.roles import ROLE_PERMISSIONS, Permission

STATEMENT_LIMIT = 5000
NOTE_LIMIT = 5000


class RequestNotFound(Http404):
    """Unknown registration number or wrong tracking code: the same 404 as the request API's."""


def objection_number_format(unit_code: str, year: int, sequence: int) -> str:
    """``KEB-35.04-2026-00003`` (keberatan): URL-safe, unit code and year, 5-digit sequence."""
    return f"KEB-{unit_code}-{year}-{sequence:05d}"


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
