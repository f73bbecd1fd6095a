"""Reads for the officer console (inbox rows, dashboard counts, one request of a unit).

Kept apart from ``selectors.py`` so the console can grow without touching the core module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from eppid.casefiles.services import reference_shaped
from eppid.disclosure import selectors
from eppid.disclosure.choices import OPEN_STATUSES
from eppid.disclosure.models import Decision, InformationRequest
from eppid.disclosure.services.documents import document_ready_url
from eppid.law.calendar import WorkingCalendar
from eppid.law.holiday_source import deadline_is_estimated

SOON_WORKING_DAYS = 3


def request_get_in_unit(unit, number: str) -> InformationRequest | None:
    """The request with this registration number, only if it belongs to ``unit``."""
    return (
        InformationRequest.objects.filter(unit=unit, registration_number=reference_shaped(number))
        .select_related("unit", "forwarded_from__unit", "forwarded_to__unit")
        .first()
    )


def request_is_open(info_request: InformationRequest) -> bool:
    return info_request.status in OPEN_STATUSES


@dataclass(frozen=True)
class Deadline:
    """Where an open request stands against its due date, in working days.

    ``working_days_left`` is working_days_between(today, due): 0 when due today, negative when
    that many working days have passed since. A request is overdue once the due date is behind
    us (the same rule as the inbox filter and the extension's), even on the weekend after it
    when no working day has passed yet.
    """

    due_date: date
    today: date
    working_days_left: int
    open: bool
    # The period from the clock's start to the due date crosses a holiday the package only
    # estimates, or a year whose cuti bersama is not decreed yet: the count may change.
    estimated: bool = False

    @property
    def overdue(self) -> bool:
        return self.open and self.today > self.due_date

    @property
    def overdue_by(self) -> int:
        return max(0, -self.working_days_left)

    @property
    def extendable(self) -> bool:
        return self.open and self.today <= self.due_date


def request_deadline(
    info_request: InformationRequest, *, today: date | None = None, calendar=None
) -> Deadline:
    today = today or timezone.localdate()
    calendar = calendar or WorkingCalendar(info_request.unit.code)
    return Deadline(
        due_date=info_request.due_date,
        today=today,
        working_days_left=calendar.working_days_between(today, info_request.due_date),
        open=request_is_open(info_request),
        estimated=deadline_is_estimated(info_request.received_on, info_request.due_date),
    )


def inbox_rows(requests, unit) -> list[tuple[InformationRequest, Deadline]]:
    """Pair each request (of one unit) with its deadline, reading the unit's calendar once."""
    calendar = WorkingCalendar(unit.code)
    today = timezone.localdate()
    return [(item, request_deadline(item, today=today, calendar=calendar)) for item in requests]


def inbox_for_unit(unit, *, status: str | None = None, due_within: int | None = None, overdue: bool = False):
    """The unit's requests for the inbox, soonest due first (the registration number breaks ties)."""
    open_only = status == "open"
    status = None if open_only else status or None
    found = selectors.requests_for_unit(unit, status=status, due_within=due_within, overdue=overdue)
    if open_only:
        found = found.filter(status__in=OPEN_STATUSES)
    return found.select_related("unit").order_by("due_date", "registration_number")


@dataclass(frozen=True)
class InboxCounts:
    open: int
    due_soon: int
    overdue: int


def inbox_counts(unit) -> InboxCounts:
    """The console's reminders: open requests, those due within 3 working days, those overdue."""
    return InboxCounts(
        open=InformationRequest.objects.filter(unit=unit, status__in=OPEN_STATUSES).count(),
        due_soon=selectors.requests_for_unit(unit, due_within=SOON_WORKING_DAYS).count(),
        overdue=selectors.requests_for_unit(unit, overdue=True).count(),
    )


def request_decision(info_request: InformationRequest):
    """The decision of the request, or None before one is made."""
    return Decision.objects.filter(request=info_request).select_related("decided_by", "notice").first()


def released_documents(decision) -> list[dict]:
    """The documents given with the decision, as the notice template lists them (name, size, url).

    The url is the requester's own capability link (the status page's), so staff can check
    exactly what the requester receives.
    """
    if decision is None:
        return []
    return [
        {
            "name": document.name,
            "size": document.size,
            "url": reverse("portal:request-document", kwargs={"token": document.access_token}),
        }
        for document in decision.documents.order_by("pk")
    ]


def notice_url(decision) -> str:
    """The signed PDF notice's capability URL once it is signed; "" before (or while pending)."""
    if decision is None:
        return ""
    return document_ready_url(decision.notice)
