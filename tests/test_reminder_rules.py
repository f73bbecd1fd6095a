"""Which deadline reminder is owed on which day: plain dates, the real calendar (Lebaran 2026)."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from eppid.law.calendar import WorkingCalendar
from eppid.reminders.rules import ReminderKind, reminder_kind_due, reminder_kind_on


@pytest.mark.parametrize(
    ("remaining", "extended", "expected"),
    [
        (5, False, None),
        (4, False, None),
        (3, False, ReminderKind.DUE_3),
        (2, False, ReminderKind.DUE_3),
        (1, False, ReminderKind.DUE_1),
        (0, False, ReminderKind.DUE_1),
        (3, True, ReminderKind.EXTENDED_DUE_3),
        (1, True, ReminderKind.EXTENDED_DUE_1),
    ],
)
def test_kind_by_working_days_left(remaining, extended, expected):
    due = date(2026, 6, 30)
    assert (
        reminder_kind_due(today=date(2026, 6, 20), due_date=due, remaining=remaining, extended=extended)
        == expected
    )


def test_the_day_after_the_due_date_is_overdue_extended_or_not():
    due = date(2026, 6, 30)
    for extended in (False, True):
        kind = reminder_kind_due(today=due + timedelta(days=1), due_date=due, remaining=-1, extended=extended)
        assert kind == ReminderKind.OVERDUE


def _schedule(due: date, start: date, end: date, calendar, extended=False):
    days = {}
    day = start
    while day <= end:
        kind, remaining = reminder_kind_on(today=day, due_date=due, extended=extended, calendar=calendar)
        days[day] = (kind, remaining)
        day += timedelta(days=1)
    return days


@pytest.mark.django_db
def test_across_nyepi_and_lebaran_2026():
    # 18-24 March 2026 are holidays or cuti bersama (Nyepi, Idul Fitri); due Wednesday 25 March.
    calendar = WorkingCalendar("35.04")
    days = _schedule(date(2026, 3, 25), date(2026, 3, 11), date(2026, 3, 27), calendar)
    assert days[date(2026, 3, 12)] == (None, 4)
    assert days[date(2026, 3, 13)] == (ReminderKind.DUE_3, 3)  # Friday: 16, 17 and 25 March left
    assert days[date(2026, 3, 14)] == (None, 0)  # Saturday: nothing is sent
    assert days[date(2026, 3, 16)] == (ReminderKind.DUE_3, 2)
    assert days[date(2026, 3, 17)] == (ReminderKind.DUE_1, 1)  # the last working day before the break
    for holiday in range(18, 25):
        assert days[date(2026, 3, holiday)] == (None, 0), holiday
    assert days[date(2026, 3, 25)] == (ReminderKind.DUE_1, 0)
    assert days[date(2026, 3, 26)][0] == ReminderKind.OVERDUE


@pytest.mark.django_db
def test_a_unit_closure_moves_the_reminder(django_user_model):
    from eppid.law.services import closure_day_add

    admin = django_user_model.objects.create_user(username="closer", is_superuser=True)
    # Due Friday 12 June 2026; Thursday 11 June closed at 35.04 only.
    with freeze_time("2026-06-01 09:00:00+07:00"):
        closure_day_add(
            actor=admin,
            day=date(2026, 6, 11),
            unit_code="35.04",
            reason="Banjir",
            may_manage=lambda *a, **k: True,
        )
    own = _schedule(date(2026, 6, 12), date(2026, 6, 8), date(2026, 6, 12), WorkingCalendar("35.04"))
    other = _schedule(date(2026, 6, 12), date(2026, 6, 8), date(2026, 6, 12), WorkingCalendar("32.01"))
    assert own[date(2026, 6, 10)] == (ReminderKind.DUE_1, 1)  # 11 June does not count at 35.04
    assert own[date(2026, 6, 11)] == (None, 0)  # closed: no mail that day
    assert other[date(2026, 6, 10)] == (ReminderKind.DUE_3, 2)
    assert other[date(2026, 6, 11)] == (ReminderKind.DUE_1, 1)
