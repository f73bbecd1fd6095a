"""Reads every case file answers alike: the citizen's and staff's access by number, its timeline,
and the log entry of its creation."""

from __future__ import annotations

import hmac

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from eppid.casefiles.choices import DEADLINE_MOVED
from eppid.casefiles.services import reference_shaped, tracking_hash_of
from eppid.integrity.models import LogEntry
from eppid.law.calendar import add_working_days
from eppid.organisation.models import Membership
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import units_with_permission, user_has_permission

_NO_MATCH = "0" * 64


def case_find_public(rows, tracking_code, **number):
    """The case file of ``rows`` whose number field (one keyword) is the given number, if the
    tracking code is its own; None for an unknown number or a wrong code, alike (the code's hash
    is compared in constant time, and computed whether or not the number is known)."""
    ((field, value),) = number.items()
    value = reference_shaped(value)
    supplied = tracking_hash_of(str(tracking_code or "")[:200])
    found = rows.filter(**{field: value}).first() if value else None
    stored = found.tracking_hash if found is not None else _NO_MATCH
    matches = hmac.compare_digest(stored.encode(), supplied.encode())
    return found if found is not None and matches else None


def case_get_for_staff(rows, user, **number):
    """The case file of ``rows`` whose number field (one keyword) is the given number, for ``user``.

    None for an unknown number or a unit the user has no role in (404); PermissionDenied (403)
    for a member of the unit whose roles do not include reading case files.
    """
    ((field, value),) = number.items()
    found = rows.filter(**{field: reference_shaped(value)}).first()
    if found is None:
        return None
    if user_has_permission(user, Permission.VIEW_CASES, found.unit):
        return found
    if Membership.objects.filter(user=user, unit=found.unit).exists():
        raise PermissionDenied
    return None


def cases_for_user(rows, user):
    """``rows`` of every unit where ``user`` may read case files (every unit for a system admin)."""
    if user.is_active and user.is_superuser:
        return rows
    # The unit ids as values, not a subquery: for the usual one unit, the database reads the
    # page straight from the (unit, due_date, id) index instead of sorting the unit's rows.
    units = list(units_with_permission(user, Permission.VIEW_CASES).values_list("id", flat=True))
    return rows.filter(unit_id=units[0]) if len(units) == 1 else rows.filter(unit_id__in=units)


def cases_filtered(rows, open_statuses, *, unit=None, status=None, due_within=None, overdue=False):
    """``rows`` soonest due first: in ``status``; ``overdue``: open (one of ``open_statuses``) and
    past the due date; ``due_within`` N: open and due within N working days (``unit``'s calendar).
    Every filter is a query: the due date is stored (working days were counted when it was set)."""
    if status:
        rows = rows.filter(status=status)
    today = timezone.localdate()
    if overdue:
        rows = rows.filter(status__in=open_statuses, due_date__lt=today)
    if due_within is not None:
        limit = add_working_days(today, int(due_within), unit)
        rows = rows.filter(status__in=open_statuses, due_date__gte=today, due_date__lte=limit)
    return rows.order_by("due_date", "pk")


# The events a citizen sees: those that changed the status, and the deadlines a closure day moved.
# (The API's ``history`` lists the status changes of these: contract section 4.)
PUBLIC_EVENTS = ~Q(status_after="") | Q(kind=DEADLINE_MOVED)


def case_history(case) -> list:
    """The public history (``PUBLIC_EVENTS``), oldest first."""
    return list(case.events.filter(PUBLIC_EVENTS).order_by("at", "pk"))


def case_timeline(case) -> list:
    """Every event, for staff."""
    return list(case.events.select_related("actor").order_by("at", "pk"))


def case_audit_leaf(case) -> tuple[int, str] | None:
    """(leaf_index, leaf_hash) of the log entry that recorded the case file's creation."""
    row = (
        LogEntry.objects.filter(object_type=case._meta.label, object_id=str(case.pk), action="create")
        .order_by("seq")
        .values_list("seq", "leaf_hash")
        .first()
    )
    return (row[0], row[1]) if row else None
