"""Working days (contract section 3): Monday to Friday, minus national holidays and cuti bersama
(``holidays`` package, ``ID``, categories ``public`` and ``government``), minus closure days
added for all units or for the unit in question.

Definitions, used the same way everywhere:

- ``add_working_days(D, N)``: the N-th working day strictly after D (N >= 1); N = 0 gives D.
- ``working_days_between(A, B)``: how many working days d satisfy A < d <= B. It is
  antisymmetric: when B < A the answer is minus the count for (B, A], so
  ``working_days_between(D, add_working_days(D, N)) == N`` and swapping the arguments flips
  the sign. Equal dates give 0.
- ``receipt_date(D)``: D when it is a working day, otherwise the next working day (something
  received on a Saturday counts as received on Monday).

``unit`` is a unit code ("35.04") or anything with a ``code`` attribute; ``None`` means only
closures for all units count.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q

from eppid.law.holiday_source import holiday_dates
from eppid.law.models import ClosureDay

# A walk of N working days rarely needs more than 2N calendar days plus a long Lebaran break;
# the closure window is sized for that (rounded out to whole years) and grows when it does not.
_WINDOW_SLACK_DAYS = 45
_MAX_WORKING_DAYS = 10_000


def _unit_code(unit) -> str | None:
    if unit is None:
        return None
    code = unit if isinstance(unit, str) else getattr(unit, "code", None)
    if not isinstance(code, str) or not code.strip():
        raise TypeError("unit must be a unit code, an object with a code, or None")
    return code.strip()


def _check_date(value, name: str = "day") -> date:
    # datetime is a subclass of date; a timestamp here would silently drop its time zone.
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def _weekdays_through(day: date) -> int:
    """Mondays-to-Fridays from 0001-01-01 (a Monday) through ``day``."""
    ordinal = day.toordinal()
    return (ordinal // 7) * 5 + min(ordinal % 7, 5)


class WorkingCalendar:
    """Working-day answers for one unit; closures are read for a date window, not per day.

    Module-level functions make one per call. Code that asks many questions for the same unit
    (a list of cases, the benchmark) may keep one instance; it sees closures as they were when
    its window was loaded.
    """

    def __init__(self, unit=None):
        self.unit_code = _unit_code(unit)
        self._low: date | None = None
        self._high: date | None = None
        self._closed: frozenset[date] = frozenset()

    def _load(self, low: date, high: date) -> None:
        if self._low is not None and self._low <= low and high <= self._high:
            return
        # Whole calendar years: a calendar kept for many questions then reads each year once.
        low, high = date(low.year, 1, 1), date(high.year, 12, 31)
        if self._low is not None:
            low, high = min(low, self._low), max(high, self._high)
        scope = Q(unit_code__isnull=True)
        if self.unit_code is not None:
            scope |= Q(unit_code=self.unit_code)
        dates = ClosureDay.objects.filter(scope, date__range=(low, high)).values_list("date", flat=True)
        self._closed = frozenset(dates)
        self._low, self._high = low, high

    def _is_open(self, day: date) -> bool:
        # Callers have loaded the window covering ``day``.
        return day.weekday() < 5 and day not in holiday_dates(day.year) and day not in self._closed

    def is_working_day(self, day: date) -> bool:
        _check_date(day)
        self._load(day, day)
        return self._is_open(day)

    def add_working_days(self, day: date, n: int) -> date:
        _check_date(day)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError("n must be an int")
        if n < 0 or n > _MAX_WORKING_DAYS:
            raise ValueError(f"n must be between 0 and {_MAX_WORKING_DAYS}")
        current, remaining = day, n
        self._load(day, day + timedelta(days=2 * n + _WINDOW_SLACK_DAYS))
        while remaining:
            current += timedelta(days=1)
            if current > self._high:
                self._load(current, current + timedelta(days=2 * remaining + _WINDOW_SLACK_DAYS))
            if self._is_open(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        _check_date(start, "start")
        _check_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        if end == start:
            return 0
        first = start + timedelta(days=1)
        self._load(first, end)
        days_off = set(self._closed)
        for year in range(first.year, end.year + 1):
            days_off |= holiday_dates(year)
        weekday_off = sum(1 for day in days_off if first <= day <= end and day.weekday() < 5)
        return _weekdays_through(end) - _weekdays_through(start) - weekday_off

    def receipt_date(self, day: date) -> date:
        _check_date(day)
        self._load(day, day + timedelta(days=_WINDOW_SLACK_DAYS))
        if self._is_open(day):
            return day
        return self.add_working_days(day, 1)


def is_working_day(day: date, unit=None) -> bool:
    return WorkingCalendar(unit).is_working_day(day)


def add_working_days(day: date, n: int, unit=None) -> date:
    """The n-th working day strictly after ``day`` (``day`` itself for n = 0)."""
    return WorkingCalendar(unit).add_working_days(day, n)


def working_days_between(start: date, end: date, unit=None) -> int:
    """Working days d with start < d <= end; negative (the count for (end, start]) when end < start."""
    return WorkingCalendar(unit).working_days_between(start, end)


def receipt_date(day: date, unit=None) -> date:
    """The day something received on ``day`` counts as received: the next working day if needed."""
    return WorkingCalendar(unit).receipt_date(day)
