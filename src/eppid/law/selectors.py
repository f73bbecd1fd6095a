"""Reads of the law app: closure days and rule sets as the console shows them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from eppid.law.models import ClosureDay, DeadlineRule, DeadlineRuleSet


def closure_days_upcoming(
    *, unit_codes: Iterable[str] | None, start: date | None = None, end: date | None = None
) -> QuerySet[ClosureDay]:
    """Closures from ``start`` (today) on: all-unit ones plus those of ``unit_codes``.

    ``unit_codes=None`` means every unit's closures (a system administrator's view).
    """
    start = start or timezone.localdate()
    days = ClosureDay.objects.filter(date__gte=start)
    if end is not None:
        days = days.filter(date__lte=end)
    if unit_codes is not None:
        days = days.filter(Q(unit_code__isnull=True) | Q(unit_code__in=list(unit_codes)))
    return days.select_related("created_by").order_by("date", "unit_code")


def closure_day_get(pk: int, *, unit_codes: Iterable[str] | None) -> ClosureDay | None:
    """The closure if it is among those the holder of ``unit_codes`` sees (None: every unit's)."""
    days = ClosureDay.objects.filter(pk=pk)
    if unit_codes is not None:
        days = days.filter(Q(unit_code__isnull=True) | Q(unit_code__in=list(unit_codes)))
    return days.first()


def rule_sets_list() -> QuerySet[DeadlineRuleSet]:
    return DeadlineRuleSet.objects.prefetch_related(
        Prefetch("rules", queryset=DeadlineRule.objects.order_by("id"))
    ).order_by("-effective_from")
