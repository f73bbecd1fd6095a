"""Which reminder a request is owed on a given day: the law's clock only, no database.

``remaining`` is ``working_days_between(today, due_date, unit)``: working days d with
today < d <= due_date. 3 means "due in 3 working days", 0 "due today".

Only the most urgent reminder that applies is sent: when the job did not run for a while (or a
request came in late), officers get "1 day left", not a stale "3 days left" as well.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DUE_3 = "due_3", _("3 working days before the due date")
    DUE_1 = "due_1", _("1 working day before the due date")
    EXTENDED_DUE_3 = "ext_due_3", _("3 working days before the extended due date")
    EXTENDED_DUE_1 = "ext_due_1", _("1 working day before the extended due date")
    OVERDUE = "overdue", _("The due date has passed")


FIRST_WARNING_DAYS = 3
LAST_WARNING_DAYS = 1


def reminder_kind_due(*, today: date, due_date: date, remaining: int, extended: bool) -> str | None:
    if today > due_date:
        return ReminderKind.OVERDUE
    if remaining <= LAST_WARNING_DAYS:
        return ReminderKind.EXTENDED_DUE_1 if extended else ReminderKind.DUE_1
    if remaining <= FIRST_WARNING_DAYS:
        return ReminderKind.EXTENDED_DUE_3 if extended else ReminderKind.DUE_3
    return None


def reminder_kind_on(*, today: date, due_date: date, extended: bool, calendar) -> tuple[str | None, int]:
    """(kind owed today or None, working days left) with ``calendar`` a law.calendar.WorkingCalendar.

    Nothing is owed on a day the unit does not work: mail lands when someone can act on it, and
    a reminder that fell on a weekend or holiday goes out on the next working day instead.
    """
    if not calendar.is_working_day(today):
        return None, 0
    remaining = calendar.working_days_between(today, due_date)
    return reminder_kind_due(
        today=today, due_date=due_date, remaining=remaining, extended=extended
    ), remaining
