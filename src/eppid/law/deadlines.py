"""How many working days a step gets, taken from a rule set.

Rule sets come in series, one per regime (``Regime``: public information, election information);
within a series the set in force on a day is the one with the latest ``effective_from`` on or
before it. A case (request, objection) stores the set chosen when it was received
(``rules_for_receipt``) and counts its steps with that set (``deadline_by_rule_set``), so neither
a new set nor a change of election periods moves a deadline already counted.
"""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from eppid.law.calendar import WorkingCalendar, _check_date, add_working_days
from eppid.law.models import DeadlineRule, DeadlineRuleSet, DeadlineStep, Regime


class DeadlineRuleMissing(LookupError):
    """No rule set (or no rule for the step) is in force on the date asked about."""


def rule_set_in_force(on_date: date, regime: str = Regime.GENERAL) -> DeadlineRuleSet | None:
    _check_date(on_date, "on_date")
    return (
        DeadlineRuleSet.objects.filter(regime=regime, effective_from__lte=on_date)
        .order_by("-effective_from")
        .first()
    )


def deadline_days(step: str, on_date: date, regime: str = Regime.GENERAL) -> int:
    """Working days allowed for ``step`` when its period starts on ``on_date``.

    The set whose ``effective_from`` is the latest one on or before ``on_date`` decides: a
    change in the law applies to periods starting on or after its first day. One query: the set
    in force with its rule for ``step`` (a rule of an older set never stands in for a missing one).
    """
    if step not in DeadlineStep.values:
        raise ValueError(f"unknown deadline step {step!r}; expected one of {', '.join(DeadlineStep.values)}")
    _check_date(on_date, "on_date")
    rule_set = (
        DeadlineRuleSet.objects.filter(regime=regime, effective_from__lte=on_date)
        .order_by("-effective_from")
        .annotate(
            step_days=Subquery(
                DeadlineRule.objects.filter(rule_set=OuterRef("pk"), step=step).values("working_days")[:1]
            )
        )
        .first()
    )
    if rule_set is None:
        raise DeadlineRuleMissing(
            _("No deadline rule set is in force on %(date)s.") % {"date": on_date.isoformat()}
        )
    if rule_set.step_days is None:
        raise DeadlineRuleMissing(
            _("The rule set “%(name)s” in force on %(date)s has no rule for the step %(step)s.")
            % {"name": rule_set.name, "date": on_date.isoformat(), "step": step}
        )
    return rule_set.step_days


def deadline_days_in_force(on_date: date, regime: str = Regime.GENERAL) -> dict[str, int]:
    """``deadline_days(step, on_date)`` for every step the set in force on ``on_date`` has a rule for.

    Steps without a rule are left out (and everything when no set is in force), so a page that
    states the terms can say them in general words instead of failing. Two queries, not two a step.
    """
    rule_set = rule_set_in_force(on_date, regime)
    if rule_set is None:
        return {}
    return dict(DeadlineRule.objects.filter(rule_set=rule_set).values_list("step", "working_days"))


def deadline_for(
    step: str,
    start_date: date,
    unit=None,
    *,
    calendar: WorkingCalendar | None = None,
    regime: str = Regime.GENERAL,
) -> date:
    """The last day of ``step``'s period: the N-th working day strictly after ``start_date``.

    ``start_date`` is the day the period runs from. For something received (a request, an
    objection) pass ``receipt_date(...)`` of the day it came in, so a Saturday filing counts
    from Monday as the contract says. ``calendar``: a ``WorkingCalendar`` of ``unit`` the caller
    already holds (its closure days are then not read again).
    """
    days = deadline_days(step, start_date, regime)
    if calendar is not None:
        return calendar.add_working_days(start_date, days)
    return add_working_days(start_date, days, unit)


def rule_days(rule_set: DeadlineRuleSet, step: str) -> int:
    """Working days ``rule_set`` gives ``step``; DeadlineRuleMissing when it has no rule for it."""
    if step not in DeadlineStep.values:
        raise ValueError(f"unknown deadline step {step!r}; expected one of {', '.join(DeadlineStep.values)}")
    if "rules" in getattr(rule_set, "_prefetched_objects_cache", {}):  # read with the set: no query
        days = next((rule.working_days for rule in rule_set.rules.all() if rule.step == step), None)
    else:
        days = (
            DeadlineRule.objects.filter(rule_set=rule_set, step=step)
            .values_list("working_days", flat=True)
            .first()
        )
    if days is None:
        raise DeadlineRuleMissing(
            _("The rule set “%(name)s” has no rule for the step %(step)s.")
            % {"name": rule_set.name, "step": step}
        )
    return days


def deadline_by_rule_set(
    rule_set: DeadlineRuleSet,
    step: str,
    start_date: date,
    unit=None,
    *,
    calendar: WorkingCalendar | None = None,
) -> date:
    """The last day of ``step``'s period under the case's own ``rule_set`` (see ``deadline_for``)."""
    _check_date(start_date, "start_date")
    days = rule_days(rule_set, step)
    if calendar is not None:
        return calendar.add_working_days(start_date, days)
    return add_working_days(start_date, days, unit)
