"""Working days to decide: each request's receipt and decision day counted on its unit's calendar.

Pairs of (received_on, decided_on) are counted in the database; each distinct date is turned into
working days once (``_DayIndex``), and the distribution gives mean, median and max."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from statistics import median

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from eppid.law.calendar import WorkingCalendar
from eppid.law.models import ClosureDay


class _DayIndex:
    """Working days from a fixed anchor to each date, on one unit's calendar, each date computed
    once: the working days between two dates are the difference of their indexes."""

    def __init__(self, unit_code: str | None, anchor: date):
        self.calendar = WorkingCalendar(unit_code)
        self.anchor = anchor
        self.known: dict[date, int] = {}

    def __call__(self, day: date) -> int:
        if day not in self.known:
            self.known[day] = self.calendar.working_days_between(self.anchor, day)
        return self.known[day]

    def between(self, start: date, end: date) -> int:
        # Decided before the day it counts as received (on a weekend): zero working days.
        return max(0, self(end) - self(start))


def _weighted_summary(durations: dict[int, int]) -> dict:
    total = sum(durations.values())
    if not total:
        return {"mean": None, "median": None, "max": None}
    ordered = sorted(durations.items())
    middle = {(total - 1) // 2, total // 2}
    seen, picked = 0, []
    for days, n in ordered:
        picked += [days] * sum(1 for position in middle if seen <= position < seen + n)
        seen += n
    mean = sum(days * n for days, n in ordered) / total
    return {"mean": round(mean, 2), "median": float(median(picked)), "max": ordered[-1][0]}


def decided_day():
    return TruncDate("decision__decided_at", tzinfo=timezone.get_default_timezone())


def working_days_to_decide(requests, codes: list[str], year: int, all_pairs) -> dict:
    """``all_pairs``: (received_on, decided_on, n) of every decided request in scope, already
    counted with the other numbers (used when every unit in scope shares one calendar)."""
    decided = requests.filter(decision__decided_at__isnull=False).annotate(decided_on=decided_day())
    anchor = date(year, 1, 1)
    durations: dict[int, int] = defaultdict(int)
    if len(codes) == 1:  # one unit: its own calendar (national plus its closures) for every pair
        own_calendar, shared = set(), _DayIndex(codes[0], anchor)
    else:
        own_calendar = set(
            ClosureDay.objects.filter(unit_code__in=codes, date__gte=anchor)
            .values_list("unit_code", flat=True)
            .distinct()
        )
        shared = _DayIndex(None, anchor)
    if own_calendar:
        common = decided.exclude(unit__code__in=own_calendar)
        pairs = common.values_list("received_on", "decided_on").annotate(n=Count("pk")).order_by()
    else:
        pairs = all_pairs
    for received_on, decided_on, n in pairs:
        durations[shared.between(received_on, decided_on)] += n
    if own_calendar:
        indexes = {code: _DayIndex(code, anchor) for code in own_calendar}
        rows = (
            decided.filter(unit__code__in=own_calendar)
            .values_list("unit__code", "received_on", "decided_on")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for code, received_on, decided_on, n in rows:
            durations[indexes[code].between(received_on, decided_on)] += n
    return _weighted_summary(durations)
