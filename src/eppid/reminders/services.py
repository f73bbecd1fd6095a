"""Deadline reminders to a unit's officers (issue 3 item 6): 3 and 1 working days before the due
date and once when it has passed, by email and on the request's timeline.

``reminders_send`` is the daily job's body. It is idempotent: a reminder is a row unique per
(request, kind), written in the same transaction as its timeline event and its queued emails,
so a second run (or two workers at once) sends nothing new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from eppid.disclosure.choices import OPEN_STATUSES, EventKind
from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.law.calendar import WorkingCalendar
from eppid.notifications.reminders import STAFF_LANGUAGE, reminders_send_each, staff_mail, staff_to_remind
from eppid.organisation.roles import Permission
from eppid.reminders.links import absolute_url, console_request_path
from eppid.reminders.models import RequestReminder
from eppid.reminders.rules import ReminderKind, reminder_kind_on

logger = logging.getLogger("eppid.reminders")

# Far enough ahead that FIRST_WARNING_DAYS working days always fit, even across Lebaran.
_HORIZON = timedelta(days=60)


@dataclass(frozen=True)
class ReminderDue:
    request: object
    kind: str
    remaining: int


def officers_to_remind(unit) -> list:
    """The roles that work on case files (handle_cases) get the reminders."""
    return staff_to_remind(unit, Permission.HANDLE_CASES)


def reminders_due(today: date) -> list[ReminderDue]:
    """Open requests owed a reminder today (not yet sent), on the working days of their unit."""
    candidates = (
        InformationRequest.objects.filter(status__in=OPEN_STATUSES, due_date__lte=today + _HORIZON)
        .select_related("unit")
        .order_by("unit__code", "due_date", "pk")
    )
    sent = set(RequestReminder.objects.filter(request__in=candidates).values_list("request_id", "kind"))
    calendars: dict[str, WorkingCalendar] = {}
    due = []
    for request in candidates:
        calendar = calendars.setdefault(request.unit.code, WorkingCalendar(request.unit.code))
        kind, remaining = reminder_kind_on(
            today=today, due_date=request.due_date, extended=request.extended, calendar=calendar
        )
        if kind is not None and (request.pk, str(kind)) not in sent:
            due.append(ReminderDue(request=request, kind=str(kind), remaining=remaining))
    return due


def reminders_send(*, today: date | None = None) -> list[RequestReminder]:
    """Send every reminder due today; each in its own transaction, so one failure stops no other."""
    today = today or timezone.localdate()
    return reminders_send_each(
        reminders_due(today),
        lambda item: reminder_send(
            request=item.request, kind=item.kind, remaining=item.remaining, today=today
        ),
        logger=logger,
        describe=lambda item: f"{item.kind} for request {item.request.pk}",
    )


def reminder_send(*, request, kind: str, remaining: int, today: date) -> RequestReminder | None:
    """Record, log on the timeline and email one reminder; None when it was already sent."""
    with transaction.atomic():
        locked = (
            InformationRequest.objects.select_for_update(of=("self",), no_key=True)
            .select_related("unit")
            .get(pk=request.pk)
        )
        if locked.status not in OPEN_STATUSES:
            return None
        try:
            with transaction.atomic():
                reminder = RequestReminder.objects.create(request=locked, kind=kind, sent_on=today)
        except IntegrityError:
            return None  # another run got there first
        officers = officers_to_remind(locked.unit)
        with translation.override(STAFF_LANGUAGE):
            label = str(ReminderKind(kind).label)
        staff_mail(
            unit=locked.unit,
            recipients=officers,
            templates=("reminders/email/officer_subject.txt", "reminders/email/officer_body.txt"),
            context={
                "request": locked,
                "unit": locked.unit,
                "kind": kind,
                "overdue": kind == ReminderKind.OVERDUE,
                "remaining": remaining,
                "days_late": (today - locked.due_date).days if today > locked.due_date else 0,
                "link": absolute_url(console_request_path(locked)),
            },
            reference=f"reminder:{locked.registration_number}:{kind}",
        )
        reminder.recipient_count = len(officers)
        reminder.save(update_fields=["recipient_count"])
        # No personal data in the note: it is on the timeline and in the log's record hash.
        RequestEvent.objects.create(
            request=locked,
            kind=EventKind.REMINDER_SENT,
            at=timezone.now(),
            actor=None,
            note=f"{label} ({len(officers)})",
        )
    return reminder
