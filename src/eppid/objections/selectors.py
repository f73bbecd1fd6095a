"""Reads of objections for the status page, the console and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from eppid.casefiles.selectors import (
    case_audit_leaf,
    case_find_public,
    case_get_for_staff,
    case_history,
    case_timeline,
    cases_filtered,
    cases_for_user,
)
from eppid.objections.commission import commission_for, dispute_window
from eppid.objections.models import Objection
from eppid.objections.services.common import may_decide

__all__ = [
    "commission_for",
    "dispute_window",
    "objection_audit_leaf",
    "objection_find_public",
    "objection_get_for_staff",
    "objection_history",
    "objection_number_typed",
    "objection_timeline",
    "objections_for_request",
    "objections_for_unit",
    "objections_for_user",
    "user_may_decide",
]

OPEN = ("received",)


def objection_number_typed(number) -> str:
    """An objection number as a citizen may type it: spaces around it dropped and the ``KEB``
    prefix in any case (numbers are ``KEB-<unit>-<year>-<sequence>``, letters only in the prefix)."""
    return str(number or "").strip().upper()


def objection_find_public(number, tracking_code) -> Objection | None:
    """The objection if the tracking code (the request's, or its own for ground b) is right;
    None for an unknown number or a wrong code, alike. The status page and the API look up the
    number as typed (``objection_number_typed``)."""
    rows = Objection.objects.select_related("unit", "request", "response", "receipt")
    return case_find_public(rows, tracking_code, number=objection_number_typed(number))


def objections_for_unit(unit, *, status=None, due_within=None, overdue=False) -> QuerySet[Objection]:
    """A unit's objections; ``due_within`` N: open and due within N working days; ``overdue``: open
    and past the response due date."""
    rows = Objection.objects.filter(unit=unit).select_related("unit", "request")
    return cases_filtered(rows, OPEN, unit=unit, status=status, due_within=due_within, overdue=overdue)


def objections_for_user(user, *, status=None, overdue=False) -> QuerySet[Objection]:
    """Objections of every unit where ``user`` may read case files (all for a system admin)."""
    rows = cases_for_user(Objection.objects.select_related("unit", "request"), user)
    return cases_filtered(rows, OPEN, status=status, overdue=overdue)


def objections_for_request(request) -> list[Objection]:
    return list(Objection.objects.filter(request=request).order_by("received_at", "pk"))


def objection_get_for_staff(user, number) -> Objection | None:
    """None (404) or PermissionDenied (403) as ``casefiles.selectors.case_get_for_staff`` says."""
    rows = Objection.objects.select_related("unit", "request", "response", "receipt")
    return case_get_for_staff(rows, user, number=number)


objection_history = case_history  # the public history: status changes and moved deadlines, oldest first
objection_timeline = case_timeline  # every event, for staff
objection_audit_leaf = case_audit_leaf  # (leaf_index, leaf_hash) of the objection's creation entry


def user_may_decide(user, objection) -> bool:
    return may_decide(user, objection.unit)
