"""The statistics of the information service of one unit in one calendar year (issue 13 item 1).

One selector, ``statistics_for_unit(unit, year, scope)``, gives the numbers the API
(``GET /api/v1/statistics``), the public pages, the annual report and the console show. Its
result is the contract's document (api-v1.md, "Statistics and the satisfaction survey"): a dict
of plain JSON values, with a few keys the contract allows us to add (``requests.overdue``,
``objections.overdue``, ``disputes``, ``unit_name``, ``units``). See decision 1330.

What is counted (everything is a count over aggregate queries, never a loop over rows):

- The requests and objections *received* in the calendar year in Asia/Jakarta: ``received_at``
  from 1 January 00:00 WIB to the next 1 January, as the contract says (the registers list by
  ``received_on``, the working day a request counts as received; the two differ only for
  something received on the last non-working days of December).
- Their state now: outcomes of their decisions, how many were forwarded or withdrawn, how many are
  still open, and how many of those are past their due date today (overdue).
- ``by_exemption``: decisions refusing in whole or in part, by the ground they name. The keys are
  the exemption grounds of the law data in force at some time in the year (``law.LegalGround``),
  zero when unused, plus any other code a decision names; ``by_ground`` of objections likewise.
- Working days to decide: from the day the request counts as received (``received_on``) to the
  day of its decision (Asia/Jakarta), on the unit's own working-day calendar (``law.calendar``,
  so a unit's closure days count). The database groups the decided requests by the pair
  (received_on, decided_on) and counts each pair; only the distinct pairs (a few thousand even
  nationally) are turned into working days, each date once. Units with closure days of their own
  are grouped per unit, the rest share the national calendar.
- Disputes before the Information Commission filed (``filed_on``) in the year, on objections of
  the units in scope, by their stage now and by their latest result.
- ``survey``: the satisfaction survey, from ``eppid.reports.survey``
  (``survey_summary`` without the population: responses, NRR per element, IKM, grade).

``scope`` ``unit`` is the unit alone; ``tree`` adds every unit below it, so a province's tree
numbers are the sums of its own and its regencies' (working days: over all their decisions).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.disclosure.choices import OPEN_STATUSES, OUTCOMES_NEEDING_BASIS, Outcome, Status
from eppid.disclosure.models import InformationRequest
from eppid.law.models import EXEMPTION_KINDS, GroundKind, LegalGround
from eppid.objections.choices import (
    DisputeResult,
    DisputeStage,
    MediationResult,
    ObjectionOutcome,
    ObjectionStatus,
)
from eppid.objections.models import Dispute, Objection
from eppid.organisation.models import Unit
from eppid.organisation.selectors import unit_descendants
from eppid.reports.statistics_days import decided_day, working_days_to_decide
from eppid.reports.survey import survey_summary
from eppid.reports.survey_rules import ELEMENT_CODES

SCOPE_UNIT, SCOPE_TREE = "unit", "tree"
SCOPES = (SCOPE_UNIT, SCOPE_TREE)
# UU 14/2008 was enacted in 2008; no register of this service can hold anything earlier.
FIRST_YEAR = 2008
# Dispute results besides the adjudication and court results (objections.choices.DisputeResult).
RESULT_AGREED, RESULT_PENDING = "agreed", "pending"
DISPUTE_RESULTS = (*DisputeResult.values, RESULT_AGREED, RESULT_PENDING)


# --- Input ----------------------------------------------------------------------------------------


def statistics_year_clean(value) -> int:
    """The year as an int between FIRST_YEAR and this year (Asia/Jakarta); ValidationError keyed
    by "year" otherwise. ``None`` or "" means this year."""
    this_year = timezone.localdate().year
    if value is None or (isinstance(value, str) and not value.strip()):
        return this_year
    try:
        year = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        year = None
    if year is None:
        message = _("Enter a year as four digits, for example %(year)s.") % {"year": this_year}
        raise ValidationError({"year": [message]})
    if not FIRST_YEAR <= year <= this_year:
        message = _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
        raise ValidationError({"year": [message]})
    return year


def statistics_scope_clean(value) -> str:
    """``unit`` (the default) or ``tree``; ValidationError keyed by "scope" otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return SCOPE_UNIT
    scope = str(value).strip()
    if scope not in SCOPES:
        message = _("Choose one of: %(expected)s.") % {"expected": ", ".join(SCOPES)}
        raise ValidationError({"scope": [message]})
    return scope


# --- Helpers --------------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()  # Asia/Jakarta
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone),
    )


def _scope_units(unit: Unit, scope: str) -> tuple[list[str], Q | None]:
    """The codes in scope and the filter on ``unit`` for them (None: every unit, the national tree)."""
    if scope == SCOPE_UNIT:
        return [unit.code], Q(unit_id=unit.pk)
    codes = [unit.code, *unit_descendants(unit).order_by("code").values_list("code", flat=True)]
    if unit.parent_id is None:
        return codes, None
    return codes, Q(unit_id=unit.pk) | Q(unit__code__startswith=f"{unit.code}.")


def _ground_codes(year: int) -> tuple[list[str], list[str]]:
    """Codes of the exemption grounds and of the objection grounds in force at some time in
    ``year``, each in the law's order (one query)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = (
        LegalGround.objects.filter(kind__in=[*EXEMPTION_KINDS, GroundKind.OBJECTION], effective_from__lte=end)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=start))
        .order_by("kind", "position", "code")
        .values_list("kind", "code")
    )
    exemptions, objections = {}, {}
    for kind, code in rows:
        (objections if kind == GroundKind.OBJECTION else exemptions)[code] = True
    return list(exemptions), list(objections)


def _keyed(prefix: str, field: str, keys: list[str], within: Q | None = None) -> dict:
    """Conditional counts, one per key, and one of every other non-empty value, to fold a
    GROUP BY over a known list of keys into the part's one aggregate query."""
    within = within if within is not None else Q()
    counts = {f"{prefix}{n}": Count("pk", filter=within & Q(**{field: key})) for n, key in enumerate(keys)}
    others = within & ~Q(**{f"{field}__in": keys}) & ~Q(**{field: ""}) & Q(**{f"{field}__isnull": False})
    counts[f"{prefix}other"] = Count("pk", filter=others)
    return counts


def _unkeyed(counts: dict, prefix: str, keys: list[str], rows, field: str) -> dict[str, int]:
    """Take the keyed counts out of ``counts``; read the other values (rare: a code no longer in
    the law data) with a GROUP BY only when there are any."""
    result = {key: counts.pop(f"{prefix}{index}") for index, key in enumerate(keys)}
    if counts.pop(f"{prefix}other"):
        found = rows.exclude(**{f"{field}__in": keys}).values_list(field).annotate(n=Count("pk")).order_by()
        result.update(sorted((value, n) for value, n in found if value))
    return result


def _filtered(queryset, unit_filter: Q | None, **lookups):
    queryset = queryset.filter(**lookups)
    return queryset.filter(unit_filter) if unit_filter is not None else queryset


# --- Working days to decide -----------------------------------------------------------------------


# --- The parts ------------------------------------------------------------------------------------


def _requests_part(unit_filter, codes, year, today, exemptions) -> dict:
    start, end = _year_bounds(year)
    rows = _filtered(InformationRequest.objects, unit_filter, received_at__gte=start, received_at__lt=end)
    open_now = Q(status__in=OPEN_STATUSES)
    refusing = Q(decision__outcome__in=OUTCOMES_NEEDING_BASIS)
    aggregates = {
        "received": Count("pk"),
        **{outcome: Count("pk", filter=Q(decision__outcome=outcome)) for outcome in Outcome.values},
        "forwarded": Count("pk", filter=Q(status=Status.FORWARDED)),
        "withdrawn": Count("pk", filter=Q(status=Status.WITHDRAWN)),
        "open": Count("pk", filter=open_now),
        "overdue": Count("pk", filter=open_now & Q(due_date__lt=today)),
        **_keyed("basis_", "decision__exemption_basis", exemptions, refusing),
    }
    # One pass over the register (decision 1440): the counts per (received_on, decided_on), the
    # date pairs the working days need; their sums are the counts. A few thousand groups even
    # nationally (receipt days times the spread of decision days).
    groups = list(
        rows.annotate(s_received_on=F("received_on"), s_decided_on=decided_day())
        .values("s_received_on", "s_decided_on")
        .annotate(s_decided=Count("pk", filter=Q(decision__decided_at__isnull=False)), **aggregates)
        .order_by()
    )
    counts = {key: sum(group[key] for group in groups) for key in aggregates}
    pairs = [
        (group["s_received_on"], group["s_decided_on"], group["s_decided"])
        for group in groups
        if group["s_decided"]
    ]
    counts["by_exemption"] = _unkeyed(
        counts, "basis_", exemptions, rows.filter(refusing), "decision__exemption_basis"
    )
    counts["working_days_to_decide"] = working_days_to_decide(rows, codes, year, pairs)
    return counts


def _objections_part(unit_filter, year, today, grounds) -> dict:
    start, end = _year_bounds(year)
    rows = _filtered(Objection.objects, unit_filter, received_at__gte=start, received_at__lt=end)
    open_now = Q(status=ObjectionStatus.RECEIVED)
    counts = rows.aggregate(
        received=Count("pk"),
        **{outcome: Count("pk", filter=Q(outcome=outcome)) for outcome in ObjectionOutcome.values},
        open=Count("pk", filter=open_now),
        overdue=Count("pk", filter=open_now & Q(due_date__lt=today)),
        **_keyed("ground_", "ground", grounds),
    )
    counts["by_ground"] = _unkeyed(counts, "ground_", grounds, rows, "ground")
    return counts


def _disputes_part(unit_filter, year) -> dict:
    rows = Dispute.objects.filter(filed_on__range=(date(year, 1, 1), date(year, 12, 31)))
    if unit_filter is not None:
        rows = rows.filter(objection__in=Objection.objects.filter(unit_filter).values("pk"))
    latest = Coalesce(
        NullIf("cassation_result", Value("")),
        NullIf("court_result", Value("")),
        NullIf("adjudication_result", Value("")),
        Case(When(mediation_result=MediationResult.AGREED, then=Value(RESULT_AGREED))),
        Value(RESULT_PENDING),
        output_field=CharField(),
    )
    by_stage, by_result = dict.fromkeys(DisputeStage.values, 0), dict.fromkeys(DISPUTE_RESULTS, 0)
    pairs = rows.annotate(latest=latest).values_list("stage", "latest").annotate(n=Count("pk")).order_by()
    for stage, result, n in pairs:  # at most stages x results rows
        by_stage[stage] = by_stage.get(stage, 0) + n
        by_result[result] = by_result.get(result, 0) + n
    return {"received": sum(by_stage.values()), "by_stage": by_stage, "by_result": by_result}


def statistics_survey(unit_codes: list[str], year: int) -> dict:
    """The survey part as the contract has it: responses, NRR per element, IKM, grade."""
    # Without the population (a count of the year's decisions): this document does not show it.
    block = survey_summary(unit_codes, year, comments=False, population=False)

    def number(value):
        return None if value is None else float(value)

    return {
        "responses": block["responses"],
        "elements": {code: number(block["elements"][code]) for code in ELEMENT_CODES},
        "ikm": number(block["ikm"]),
        "grade": block["grade"],
    }


# --- The selector ---------------------------------------------------------------------------------


def statistics_for_unit(unit: Unit, year: int, scope: str = SCOPE_UNIT) -> dict:
    """The contract's statistics document of ``unit`` for calendar ``year`` and ``scope``.

    ``year`` and ``scope`` must be clean (``statistics_year_clean``, ``statistics_scope_clean``).
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}")
    codes, unit_filter = _scope_units(unit, scope)
    today = timezone.localdate()
    exemptions, grounds = _ground_codes(year)
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "year": year,
        "scope": scope,
        "units": len(codes),
        "requests": _requests_part(unit_filter, codes, year, today, exemptions),
        "objections": _objections_part(unit_filter, year, today, grounds),
        "disputes": _disputes_part(unit_filter, year),
        "survey": statistics_survey(codes, year),
    }


# --- Units below, side by side (not ranked) --------------------------------------------------------


def _child_code(code: str, depth: int) -> str:
    return ".".join(code.split(".")[: depth + 1])


def statistics_by_child(unit: Unit, year: int) -> list[dict]:
    """Each unit directly below ``unit`` with every unit under it, in code order (never ranked),
    then ``unit`` itself: their rows add up to the tree. A few headline counts per row, from one
    grouped query per register."""
    depth = 0 if unit.parent_id is None else len(unit.code.split("."))
    codes, unit_filter = _scope_units(unit, SCOPE_TREE)
    children = list(unit.children.order_by("code"))
    rows = {child.code: {"unit": child, "units": 0} for child in children}
    rows[unit.code] = {"unit": unit, "units": 1, "own": True}
    for code in codes[1:]:
        rows[_child_code(code, depth)]["units"] += 1
    start, end = _year_bounds(year)
    today = timezone.localdate()
    requests = _filtered(InformationRequest.objects, unit_filter, received_at__gte=start, received_at__lt=end)
    open_now = Q(status__in=OPEN_STATUSES)
    request_counts = requests.values_list("unit__code").annotate(
        received=Count("pk"),
        decided=Count("pk", filter=Q(decision__isnull=False)),
        open=Count("pk", filter=open_now),
        overdue=Count("pk", filter=open_now & Q(due_date__lt=today)),
    )
    objections = _filtered(Objection.objects, unit_filter, received_at__gte=start, received_at__lt=end)
    objection_counts = dict(objections.values_list("unit__code").annotate(n=Count("pk")).order_by())
    for row in rows.values():
        row.update(received=0, decided=0, open=0, overdue=0, objections=0)
    for code, received, decided, open_count, overdue in request_counts.order_by():
        row = rows[code if code == unit.code else _child_code(code, depth)]
        for key, value in (
            ("received", received),
            ("decided", decided),
            ("open", open_count),
            ("overdue", overdue),
        ):
            row[key] += value
    for code, n in objection_counts.items():
        rows[code if code == unit.code else _child_code(code, depth)]["objections"] += n
    return [rows[child.code] for child in children] + [rows[unit.code]]
