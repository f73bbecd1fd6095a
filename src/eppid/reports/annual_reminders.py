"""Weekly reminders to a unit's PPID, from early in the year, until the annual report of the
year before is issued (Perki 1/2021 Pasal 56: due by the day ``law.YearlyDeadline`` holds).

``annual_report_reminders_send`` is the daily job's body (reports/tasks.py). It is idempotent: a
reminder is a row unique per (unit, year, week), written in the same transaction as its queued
emails, so a second run the same week (or two workers at once) sends nothing new. The reminders
start on the law's "remind from" day and go on, weekly, until the report is issued (after the
due date too, saying so) or the year is over.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.utils import timezone

from eppid.law.models import YearlyDuty
from eppid.law.selectors import YearlyDue, yearly_due
from eppid.notifications.reminders import reminder_send_once, reminders_send_each, staff_link
from eppid.organisation.models import Unit
from eppid.reports.models import AnnualReportIssue, AnnualReportReminder

logger = logging.getLogger("eppid.reports")


def annual_report_due(year: int) -> YearlyDue | None:
    """When the annual report of ``year`` is due (law as data), or None if no rule is recorded."""
    return yearly_due(YearlyDuty.ANNUAL_REPORT, year)


def annual_report_reminders_send(*, today: date | None = None) -> list[AnnualReportReminder]:
    """Send this week's reminder to every unit whose report of last year is not issued."""
    today = today or timezone.localdate()
    year = today.year - 1
    due = annual_report_due(year)
    if due is None or today < due.remind_from:
        return []
    week_of = today - timedelta(days=today.weekday())
    issued = AnnualReportIssue.objects.filter(year=year).values("unit_id")
    reminded = AnnualReportReminder.objects.filter(year=year, week_of=week_of).values("unit_id")
    return reminders_send_each(
        Unit.objects.exclude(pk__in=issued).exclude(pk__in=reminded).order_by("code"),
        lambda unit: annual_report_reminder_send(unit=unit, due=due, week_of=week_of, today=today),
        logger=logger,
        describe=lambda unit: f"of the annual report for unit {unit.code}",
    )


def annual_report_reminder_send(*, unit, due: YearlyDue, week_of: date, today: date):
    """Record and email one reminder; None when it was already sent this week."""
    return reminder_send_once(
        unit=unit,
        record=lambda recipient_count: AnnualReportReminder.objects.create(
            unit=unit, year=due.year, week_of=week_of, due_on=due.due_on, recipient_count=recipient_count
        ),
        templates=("reports/email/annual_reminder_subject.txt", "reports/email/annual_reminder_body.txt"),
        context={
            "unit": unit,
            "year": due.year,
            "due_on": due.due_on,
            "basis": due.basis,
            "overdue": today > due.due_on,
            "link": staff_link("office:annual-report", query=f"year={due.year}&scope=unit", code=unit.code),
        },
        reference=f"annual-report:{unit.code}:{due.year}:{week_of.isoformat()}",
    )
