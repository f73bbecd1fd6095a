"""Reads of information requests for the status page, the console and the API."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from eppid.casefiles.selectors import PUBLIC_EVENTS as PUBLIC_EVENT_FILTER
from eppid.casefiles.selectors import (
    case_audit_leaf,
    case_find_public,
    case_get_for_staff,
    case_history,
    case_timeline,
    cases_filtered,
    cases_for_user,
)
from eppid.disclosure.choices import OPEN_STATUSES
from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.integrity.crypto import mask_nik


def request_find_public(number, tracking_code) -> InformationRequest | None:
    """The request with this number if the tracking code is its own; None otherwise, alike."""
    rows = InformationRequest.objects.select_related("unit")
    return case_find_public(rows, tracking_code, registration_number=number)


def requests_for_unit(unit, *, status=None, due_within=None, overdue=False) -> QuerySet[InformationRequest]:
    """A unit's requests; ``due_within`` N: open and due within N working days; ``overdue``: open and late."""
    rows = InformationRequest.objects.filter(unit=unit).select_related("unit")
    return cases_filtered(
        rows, OPEN_STATUSES, unit=unit, status=status, due_within=due_within, overdue=overdue
    )


def requests_for_user(user, *, status=None, overdue=False) -> QuerySet[InformationRequest]:
    """Requests of every unit where ``user`` may read case files (every unit for a system admin),
    soonest due first (``casefiles.selectors.cases_filtered``); a page sliced from this queryset
    reads (and decrypts) only its own rows."""
    rows = cases_for_user(InformationRequest.objects.select_related("unit"), user)
    return cases_filtered(rows, OPEN_STATUSES, status=status, overdue=overdue)


def request_get_for_staff(user, number) -> InformationRequest | None:
    """None (404) or PermissionDenied (403) as ``casefiles.selectors.case_get_for_staff`` says."""
    rows = InformationRequest.objects.select_related("unit")
    return case_get_for_staff(rows, user, registration_number=number)


def request_history(request) -> list[RequestEvent]:
    """The public history (status changes and moved deadlines), oldest first (as prefetched by
    ``requests_with_answers`` when it was)."""
    prefetched = getattr(request, PUBLIC_EVENTS, None)
    return prefetched if prefetched is not None else case_history(request)


PUBLIC_EVENTS = "public_events"


def requests_with_answers(rows: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    """``rows`` with what a status answer reads (unit, forwarding, decision and notice, public
    history) fetched with them: a page costs the same few queries whatever its size."""
    history = RequestEvent.objects.filter(PUBLIC_EVENT_FILTER).order_by("at", "pk")
    return rows.select_related(
        "unit", "forwarded_to", "decision__notice", "rule_set", "election_period"
    ).prefetch_related(Prefetch("events", queryset=history, to_attr=PUBLIC_EVENTS), "rule_set__rules")


request_timeline = case_timeline  # every event, for staff
request_audit_leaf = case_audit_leaf  # (leaf_index, leaf_hash) of the request's creation entry


def nik_masked(nik) -> str:
    """'3504011201900001' -> '3504********0001' (region and last four digits)."""
    return mask_nik(nik or "")
