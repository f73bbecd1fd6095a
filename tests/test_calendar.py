"""The working-day calendar, checked against the holidays package as an independent oracle."""

from datetime import date, timedelta

import holidays
import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eppid.law.calendar import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    receipt_date,
    working_days_between,
)
from eppid.law.holiday_source import deadline_is_estimated, holiday_estimates, joint_leave_known
from eppid.law.models import ClosureDay

ORACLE = holidays.country_holidays("ID", years=range(2020, 2031), categories=("public", "government"))


def oracle_working(day: date) -> bool:
    return day.weekday() < 5 and day not in ORACLE


def oracle_add(day: date, n: int) -> date:
    current = day
    while n:
        current += timedelta(days=1)
        if oracle_working(current):
            n -= 1
    return current


def days(start: date, end: date):
    current = start
    while current <= end:
        yield current
        current += timedelta(days=1)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_user(username="calendar-admin", is_superuser=True)


@pytest.mark.django_db
def test_2024_to_2027_day_by_day_matches_the_package():
    checked = 0
    for day in days(date(2024, 1, 1), date(2027, 12, 31)):
        assert is_working_day(day) == oracle_working(day), day
        checked += 1
    assert checked == 1461


@pytest.mark.django_db
def test_2024_to_2027_ten_working_days_after_every_day_matches_the_package():
    calendar = WorkingCalendar()
    for day in days(date(2024, 1, 1), date(2027, 12, 31)):
        assert calendar.add_working_days(day, 10) == oracle_add(day, 10), day


@pytest.mark.django_db
def test_2024_to_2027_working_days_per_month_match_the_package():
    for year in range(2024, 2028):
        for month in range(1, 13):
            first = date(year, month, 1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            expected = sum(1 for day in days(first, last) if oracle_working(day))
            assert working_days_between(first - timedelta(days=1), last) == expected, (year, month)


@pytest.mark.django_db
def test_election_days_2024_are_not_working_days():
    # 2024-02-14 (general election) and 2024-11-27 (regional elections) are Wednesdays.
    assert date(2024, 2, 14).weekday() == 2 and date(2024, 11, 27).weekday() == 2
    assert not is_working_day(date(2024, 2, 14))
    assert not is_working_day(date(2024, 11, 27))
    assert is_working_day(date(2024, 2, 13)) and is_working_day(date(2024, 2, 15))
    # The day after 13 February is the election, so the first working day after it is the 15th.
    assert add_working_days(date(2024, 2, 13), 1) == date(2024, 2, 15)


@pytest.mark.django_db
def test_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 6, 6))  # Saturday
    assert not is_working_day(date(2026, 6, 7))  # Sunday
    assert is_working_day(date(2026, 6, 5))  # Friday, no holiday
    assert add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 8)


@pytest.mark.django_db
def test_n_working_days_after_counts_strictly_after_the_day():
    # Monday 2026-06-08 is a working day; it is not counted itself.
    assert add_working_days(date(2026, 6, 8), 1) == date(2026, 6, 9)
    assert add_working_days(date(2026, 6, 8), 5) == date(2026, 6, 15)
    assert add_working_days(date(2026, 6, 8), 0) == date(2026, 6, 8)
    assert working_days_between(date(2026, 6, 8), date(2026, 6, 8)) == 0
    assert working_days_between(date(2026, 6, 8), date(2026, 6, 9)) == 1


@pytest.mark.django_db
def test_working_days_between_is_negative_when_reversed():
    assert working_days_between(date(2026, 6, 8), date(2026, 6, 15)) == 5
    assert working_days_between(date(2026, 6, 15), date(2026, 6, 8)) == -5


@pytest.mark.django_db
def test_request_just_before_lebaran_2026_is_pushed_past_the_break():
    # The package lists, for March 2026: Wed 18 cuti bersama Nyepi, Thu 19 Nyepi, Fri 20 cuti
    # bersama Idul Fitri, Sat 21 / Sun 22 Idul Fitri, Mon 23 and Tue 24 cuti bersama; and Good
    # Friday on 3 April. A request received on Tuesday 17 March therefore counts:
    # 25, 26, 27, 30, 31 March, 1, 2 April (7), skips Friday 3 April, 6 (8), 7 (9), 8 April (10).
    for day in (
        date(2026, 3, 18),
        date(2026, 3, 19),
        date(2026, 3, 20),
        date(2026, 3, 23),
        date(2026, 3, 24),
    ):
        assert not is_working_day(day), day
    received = receipt_date(date(2026, 3, 17))
    assert received == date(2026, 3, 17)
    assert add_working_days(received, 1) == date(2026, 3, 25)
    assert add_working_days(received, 10) == date(2026, 4, 8)
    # Without the break it would have been 31 March: the break adds 6 working days, Good Friday 1.
    assert working_days_between(date(2026, 3, 17), date(2026, 3, 31)) == 5


@pytest.mark.django_db
def test_receipt_on_a_saturday_counts_from_monday():
    saturday = date(2026, 7, 4)
    assert receipt_date(saturday) == date(2026, 7, 6)
    # Ten working days after Monday 6 July is Monday 20 July (the package lists no July holiday).
    assert add_working_days(receipt_date(saturday), 10) == date(2026, 7, 20)
    # Counting from the Saturday itself would wrongly give one day less.
    assert add_working_days(saturday, 10) == date(2026, 7, 17)


@pytest.mark.django_db
def test_receipt_during_lebaran_2026_counts_from_the_first_day_back():
    assert receipt_date(date(2026, 3, 19)) == date(2026, 3, 25)


@pytest.mark.django_db
def test_closure_for_all_units_vs_one_unit(admin_user):
    day = date(2026, 6, 10)  # a Wednesday without holiday
    assert is_working_day(day, "35.04") and is_working_day(day)
    ClosureDay.objects.create(date=day, unit_code="35.04", reason="Flood", created_by=admin_user)
    assert not is_working_day(day, "35.04")
    assert is_working_day(day, "32.01")
    assert is_working_day(day)
    assert add_working_days(date(2026, 6, 9), 1, "35.04") == date(2026, 6, 11)
    assert add_working_days(date(2026, 6, 9), 1, "32.01") == day
    assert working_days_between(date(2026, 6, 8), date(2026, 6, 12), "35.04") == 3
    assert working_days_between(date(2026, 6, 8), date(2026, 6, 12), "32.01") == 4

    other = date(2026, 6, 11)
    ClosureDay.objects.create(date=other, unit_code=None, reason="National", created_by=admin_user)
    assert not is_working_day(other, "32.01") and not is_working_day(other, "35.04")
    assert not is_working_day(other)
    assert working_days_between(date(2026, 6, 8), date(2026, 6, 12), "35.04") == 2


@pytest.mark.django_db
def test_unit_may_be_an_object_with_a_code(admin_user):
    class FakeUnit:
        code = "35.04"

    day = date(2026, 6, 10)
    ClosureDay.objects.create(date=day, unit_code="35.04", reason="Flood", created_by=admin_user)
    assert not is_working_day(day, FakeUnit())


@pytest.mark.django_db
def test_closure_far_beyond_the_first_window_is_seen(admin_user):
    # A long walk outgrows the first closure window; a closure at its end must still count.
    start = date(2026, 1, 5)
    plain = add_working_days(start, 200)
    ClosureDay.objects.create(date=plain, unit_code=None, reason="Late", created_by=admin_user)
    assert add_working_days(start, 200) == oracle_add(plain, 1)


@pytest.mark.django_db
def test_closures_are_read_once_per_call(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(date(2026, 3, 17), 30, "35.04")
    with django_assert_num_queries(1):
        working_days_between(date(2024, 1, 1), date(2027, 12, 31), "35.04")


@pytest.mark.django_db
def test_bad_arguments_are_refused():
    from datetime import datetime

    with pytest.raises(TypeError):
        is_working_day("2026-01-01")
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 1, 2, 9, 0))  # noqa: DTZ001
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 2), -1)
    with pytest.raises(TypeError):
        add_working_days(date(2026, 1, 2), 1.5)
    with pytest.raises(TypeError):
        is_working_day(date(2026, 1, 2), 35)


def test_estimated_holidays_are_flagged():
    # Idul Fitri 2026 is confirmed by the package; 2027's is its estimate.
    assert not deadline_is_estimated(date(2026, 3, 1), date(2026, 4, 30))
    estimates_2027 = holiday_estimates(date(2027, 3, 1), date(2027, 3, 31), language="en")
    assert date(2027, 3, 10) in {holiday.date for holiday in estimates_2027}
    assert deadline_is_estimated(date(2027, 3, 1), date(2027, 3, 31))
    assert holiday_estimates(date(2027, 3, 1), date(2027, 3, 31), language="id")[0].name.endswith(
        "(perkiraan)"
    )


def test_years_without_cuti_bersama_are_estimated():
    assert joint_leave_known(2027)
    assert not joint_leave_known(2028)
    # Early January 2028 has no estimated holiday, but its cuti bersama is not decreed yet.
    assert not holiday_estimates(date(2028, 1, 2), date(2028, 1, 20))
    assert deadline_is_estimated(date(2028, 1, 2), date(2028, 1, 20))


dates_2020s = st.dates(min_value=date(2020, 1, 1), max_value=date(2029, 12, 31))
no_db_reuse = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@no_db_reuse
@given(day=dates_2020s, n=st.integers(min_value=1, max_value=80))
def test_property_result_is_a_working_day_and_round_trips(day, n):
    result = add_working_days(day, n)
    assert result > day
    assert is_working_day(result)
    assert working_days_between(day, result) == n
    assert working_days_between(result, day) == -n
    assert result == oracle_add(day, n)


@pytest.mark.django_db
@no_db_reuse
@given(first=dates_2020s, second=dates_2020s)
def test_property_between_counts_the_working_days_in_the_half_open_range(first, second):
    low, high = sorted((first, second))
    expected = sum(1 for day in days(low + timedelta(days=1), high) if oracle_working(day))
    sign = 1 if first <= second else -1
    assert working_days_between(first, second) == sign * expected


@pytest.mark.django_db
@no_db_reuse
@given(day=dates_2020s)
def test_property_receipt_date_is_the_first_working_day_on_or_after(day):
    received = receipt_date(day)
    assert is_working_day(received)
    assert received >= day
    assert all(not oracle_working(d) for d in days(day, received - timedelta(days=1)))
