"""Reads of the law app: closure days, rule sets, election periods and the legal grounds.

Legal grounds for other apps (the ``catalog``'s consequence test, the decision on a request,
the objection form) come from here, never from enums in code:

- ``grounds_in_force(kind, on=date)``: the grounds of ``kind`` (a ``GroundKind`` value, or a
  tuple of them; ``EXEMPTION_KINDS`` = UU 14/2008 Pasal 17 letters a-j plus the Perbawaslu
  1/2022 Pasal 18(2) election exemptions) in force on ``on`` (default today, Jakarta), in their
  legal order. Each ``LegalGround`` has ``code`` (what a record stores and the API speaks:
  "a".."j", "bawaslu_a".., "a".."g"), ``letter``, ``article``, ``label``/``text``/``guidance``
  in the active language (``*_id`` and ``*_en`` for both), ``source``, ``effective_from``,
  ``effective_until`` and ``to_confirm`` with ``to_confirm_note``.
- ``ground_in_force(kind, code, on=date)``: one of them, or None (a code not in force then).
- ``ground_for_record(kind, code, on=date)``: the ground a stored record names, for display:
  the row in force on the record's date, else the latest row with that code.

Citations (the article a text cites: "the written notice (UU 14/2008 Pasal 22 ayat (7))") come
from ``citation_text(key, on=date)`` (a ``ReferenceKey``), in templates ``{% load law_citations %}``
``{% citation "notice_contents" as basis %}``; translated texts hold a ``%(basis)s`` placeholder
(``citation_lazy(key, on)`` where the text is translated later than it is made).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from eppid.law.calendar import _check_date
from eppid.law.codes import unit_code_ancestry
from eppid.law.deadlines import DeadlineRuleMissing, rule_set_in_force
from eppid.law.models import (
    ClosureDay,
    DeadlineRule,
    DeadlineRuleSet,
    ElectionPeriod,
    LegalGround,
    LegalReference,
    Regime,
    YearlyDeadline,
)


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


def rule_sets_list() -> list[DeadlineRuleSet]:
    """Every rule set with its rules: public information first, then election; newest first."""
    rule_sets = DeadlineRuleSet.objects.prefetch_related(
        Prefetch("rules", queryset=DeadlineRule.objects.order_by("id"))
    ).order_by("-effective_from")
    return sorted(rule_sets, key=lambda rule_set: Regime.values.index(rule_set.regime))


def rule_sets_in_force(on_date: date | None = None) -> dict[str, DeadlineRuleSet]:
    """The set in force on ``on_date`` (today) of each regime that has one, keyed by regime."""
    on_date = on_date or timezone.localdate()
    found = {}
    for regime in Regime.values:
        rule_set = rule_set_in_force(on_date, regime)
        if rule_set is not None:
            found[regime] = rule_set
    return found


# --- Legal grounds ------------------------------------------------------------------------------


def _kinds(kind) -> list[str]:
    return [kind] if isinstance(kind, str) else list(kind)


def _in_force_on(on: date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_until__isnull=True) | Q(effective_until__gte=on))


def grounds_in_force(kind, on: date | None = None) -> list[LegalGround]:
    """The grounds of ``kind`` (one GroundKind or several) in force on ``on`` (today), in order."""
    on = _check_date(on or timezone.localdate(), "on")
    rows = LegalGround.objects.filter(_in_force_on(on), kind__in=_kinds(kind))
    order = {value: index for index, value in enumerate(_kinds(kind))}
    return sorted(rows, key=lambda ground: (order[ground.kind], ground.position, ground.code))


def ground_in_force(kind, code: str, on: date | None = None) -> LegalGround | None:
    on = _check_date(on or timezone.localdate(), "on")
    if not isinstance(code, str) or not code:
        return None
    return (
        LegalGround.objects.filter(_in_force_on(on), kind__in=_kinds(kind), code=code)
        .order_by("-effective_from")
        .first()
    )


def ground_for_condition(kind, condition: str, on: date | None = None) -> LegalGround | None:
    """The ground of ``kind`` in force on ``on`` (today) about ``condition`` (ObjectionCondition)."""
    return next((ground for ground in grounds_in_force(kind, on) if ground.condition == condition), None)


def ground_for_record(kind, code: str, on: date | None = None) -> LegalGround | None:
    """The ground a record names, to show it: in force on ``on``, else the latest with that code."""
    found = ground_in_force(kind, code, on) if on is not None else None
    if found is None and code:
        found = (
            LegalGround.objects.filter(kind__in=_kinds(kind), code=code).order_by("-effective_from").first()
        )
    return found


# --- Citations ---------------------------------------------------------------------------------


def reference_in_force(key: str, on: date | None = None) -> LegalReference | None:
    """The reference ``key`` in force on ``on`` (today); else the last one that ended before it,
    else the first one (a text about a day no row covers still cites something); None when the
    key has no row."""
    on = _check_date(on or timezone.localdate(), "on")
    rows = LegalReference.objects.filter(key=key).order_by("-effective_from")
    return (
        rows.filter(_in_force_on(on)).first()
        or rows.filter(effective_from__lte=on).first()
        or rows.order_by("effective_from").first()
    )


def citation_text(key: str, on: date | None = None) -> str:
    """The citation of ``key`` (a ``ReferenceKey``) in force on ``on`` (today), in the active
    language, marked when it is still to be confirmed against the official text; "" when no row
    has that key."""
    reference = reference_in_force(key, on)
    if reference is None:
        return ""
    if reference.to_confirm:
        return _("%(citation)s, to be confirmed against the official text") % {"citation": reference.citation}
    return reference.citation


# For texts made before the language is chosen (a register's column title, a paper's line
# translated under ``override``): the citation is read when the text is.
citation_lazy = lazy(citation_text, str)


def _text_citing(text, key: str, on: date | None = None) -> str:
    return str(text) % {"basis": citation_text(key, on)}


# A lazily translated text with a ``%(basis)s`` placeholder, filled with the citation of ``key``
# when it is read: ``text_citing_lazy(gettext_lazy("g. Ground (%(basis)s)"), "objection_grounds")``.
text_citing_lazy = lazy(_text_citing, str)


# --- Election periods and the rule set a case follows -------------------------------------------


def _covering(unit_code: str) -> Q:
    return Q(unit_code__isnull=True) | Q(unit_code__in=unit_code_ancestry(unit_code))


def election_period_covering(unit_code: str, on_date: date) -> ElectionPeriod | None:
    """The declared period running on ``on_date`` for ``unit_code``: its own, or one of a unit
    above it, or a national one; the most specific wins (then the one that started first)."""
    _check_date(on_date, "on_date")
    candidates = list(
        ElectionPeriod.objects.filter(_covering(unit_code), starts_on__lte=on_date, ends_on__gte=on_date)
    )
    if not candidates:
        return None
    depth = {code: index for index, code in enumerate(unit_code_ancestry(unit_code))}
    return min(
        candidates, key=lambda period: (depth.get(period.unit_code, len(depth)), period.starts_on, period.pk)
    )


def election_periods_visible(
    unit_codes: Iterable[str] | None, *, since: date | None = None
) -> list[ElectionPeriod]:
    """Periods that end on or after ``since`` (today) and apply to any of ``unit_codes`` (their
    own, a unit above them, national); ``None`` means every period (a system administrator)."""
    since = since or timezone.localdate()
    periods = ElectionPeriod.objects.filter(ends_on__gte=since).select_related("created_by")
    if unit_codes is not None:
        scope = Q(unit_code__isnull=True)
        for code in unit_codes:
            scope |= _covering(code)
        periods = periods.filter(scope)
    return list(periods.order_by("starts_on", "unit_code", "pk"))


def election_period_get(pk: int, *, unit_codes: Iterable[str] | None) -> ElectionPeriod | None:
    periods = ElectionPeriod.objects.filter(pk=pk)
    if unit_codes is not None:
        scope = Q(unit_code__isnull=True)
        for code in unit_codes:
            scope |= _covering(code)
        periods = periods.filter(scope)
    return periods.first()


@dataclass(frozen=True)
class RuleChoice:
    """The rule set a case received on ``received_on`` follows, and the period that made it so."""

    rule_set: DeadlineRuleSet
    election_period: ElectionPeriod | None


def rules_for_receipt(*, unit_code: str, received_on: date, election_information: bool) -> RuleChoice:
    """Election information received while a declared period covers the unit follows the election
    rule set in force that day; everything else the public-information set. DeadlineRuleMissing
    when the set needed is not there. The set comes with its rules (one query), so the due date
    and the terms a receipt prints (``law.terms.terms_of``) read them once, in the same snapshot."""
    period = election_period_covering(unit_code, received_on) if election_information else None
    regime = Regime.ELECTION if period is not None else Regime.GENERAL
    rule_set = rule_set_with_rules(received_on, regime)
    if rule_set is None:
        raise DeadlineRuleMissing(
            _("No deadline rule set is in force on %(date)s.") % {"date": received_on.isoformat()}
        )
    return RuleChoice(rule_set=rule_set, election_period=period)


def rule_set_with_rules(on_date: date, regime: str) -> DeadlineRuleSet | None:
    """``rule_set_in_force(on_date, regime)`` with its rules read in the same statement (the rules
    joined to the set in force: one query instead of two), as ``prefetch_related("rules")`` keeps
    them (``rule_set.rules.all()`` reads no more). A set without rules: two queries, as before."""
    _check_date(on_date, "on_date")
    in_force = (
        DeadlineRuleSet.objects.filter(regime=regime, effective_from__lte=on_date)
        .order_by("-effective_from")
        .values("pk")[:1]
    )
    rules = list(DeadlineRule.objects.filter(rule_set=Subquery(in_force)).select_related("rule_set"))
    if not rules:
        rule_set = rule_set_in_force(on_date, regime)
        if rule_set is not None:
            prefetch_related_objects([rule_set], "rules")
        return rule_set
    rule_set = rules[0].rule_set
    for rule in rules:
        rule.rule_set = rule_set  # one instance, as a prefetch leaves them
    kept = rule_set.rules.all()
    kept._result_cache, kept._prefetch_done = rules, True  # noqa: SLF001 - what prefetch_related stores
    rule_set._prefetched_objects_cache = {"rules": kept}  # noqa: SLF001
    return rule_set


@dataclass(frozen=True)
class YearlyDue:
    """When the yearly duty for ``year`` is due (a day of the year after) and reminders start."""

    duty: str
    year: int
    due_on: date
    remind_from: date
    basis: str
    to_confirm: bool


def _calendar_day(year: int, month: int, day: int) -> date:
    # A day past the month's end (31 April) is the month's last day.
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def yearly_due(duty: str, year: int) -> YearlyDue | None:
    """The deadline of ``duty`` (a ``YearlyDuty``) for the work of ``year``, by the rule in force
    on the first day of the year after; None when no rule is recorded."""
    start = date(year + 1, 1, 1)
    row = (
        YearlyDeadline.objects.filter(duty=duty, effective_from__lte=start)
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        return None
    return YearlyDue(
        duty=duty,
        year=year,
        due_on=_calendar_day(year + 1, row.due_month, row.due_day),
        remind_from=_calendar_day(year + 1, row.remind_from_month, row.remind_from_day),
        basis=row.basis,
        to_confirm=row.to_confirm,
    )
