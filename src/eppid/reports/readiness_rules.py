"""The evaluators of the readiness page (issue 13 item 5): what software can prove, per unit.

Each indicator of a questionnaire (``ReadinessIndicator``, data) names one of the evaluators in
``RULES`` and gives its parameters. An evaluator answers for many units at once from a few
aggregate queries (``readiness_facts.Facts``, shared and cached between the indicators of one
page). Each answer is met, not met or not applicable, with a short reason and links to the
public evidence (paths; the binder makes them absolute).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from eppid.catalog.checklist import ItemState, item_state
from eppid.catalog.choices import Category
from eppid.organisation.charter import CHARTER_FIELDS
from eppid.organisation.models import UnitProfile
from eppid.reports.readiness_facts import Facts
from eppid.signing.selectors import verification_url

MET, NOT_MET, NOT_APPLICABLE = "met", "not_met", "not_applicable"
STATE_LABELS = {
    MET: gettext_lazy("Met"),
    NOT_MET: gettext_lazy("Not met"),
    NOT_APPLICABLE: gettext_lazy("Not applicable"),
}


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str


@dataclass(frozen=True)
class Result:
    state: str
    reason: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


def _number(facts_map: dict, unit_id: int, key: str = "n") -> int:
    row = facts_map.get((unit_id,))
    return row[key] if row else 0


def _each(facts: Facts, answer) -> dict:
    return {unit_id: answer(unit) for unit_id, unit in zip(facts.ids, facts.units, strict=True)}


def _entries_published(facts: Facts, categories: tuple[str, ...], least: int) -> dict:
    """Published entries of the year in ``categories``; with one category, its own link and words."""
    one = categories[0] if len(categories) == 1 else None
    query = {"year": facts.year} if one is None else {"year": facts.year, "category": one}
    label = _("The list of public information") if one is None else _("Entries of the category")

    def reason(count):
        if one is None:
            return ngettext(
                "%(count)s entry of %(year)s published in the list.",
                "%(count)s entries of %(year)s published in the list.",
                count,
            ) % {"count": count, "year": facts.year}
        return ngettext(
            "%(count)s entry of the category %(category)s published in %(year)s.",
            "%(count)s entries of the category %(category)s published in %(year)s.",
            count,
        ) % {"count": count, "category": Category(one).label, "year": facts.year}

    def answer(unit):
        count = sum(facts.entries_by_category.get((unit.pk, cat), {}).get("n", 0) for cat in categories)
        link = Evidence(label, facts.path("portal:unit-information", unit.code, **query))
        return Result(MET if count >= least else NOT_MET, reason(count), (link,))

    return _each(facts, answer)


def dip_of_year(facts: Facts, params: dict) -> dict:
    """The unit's list holds published entries of the year (every category but exempt)."""
    listed = (Category.PERIODIC, Category.IMMEDIATE, Category.ON_DEMAND)
    return _entries_published(facts, listed, int(params.get("min_entries", 1)))


def category_published(facts: Facts, params: dict) -> dict:
    """Published entries of the year in one category (``immediate``: serta merta)."""
    category = params.get("category", Category.IMMEDIATE)
    return _entries_published(facts, (category,), int(params.get("min_entries", 1)))


def checklist(facts: Facts, params: dict) -> dict:
    """Every listed checklist type published in the year; with ``fresh``, none stale (this year)."""
    kinds = [facts.types[code] for code in params.get("types", []) if code in facts.types]
    fresh = bool(params.get("fresh", False))
    failing = ItemState.GAPS if fresh else (ItemState.MISSING,)

    label = _("The published items")
    missing = _("Missing or not renewed: %(items)s.")
    complete = _("All %(count)s items published for %(year)s.") % {"count": len(kinds), "year": facts.year}
    gap_texts = {
        (kind.pk, state): f"{kind.label} ({ItemState.LABELS[state]})" for kind in kinds for state in failing
    }
    if len(kinds) == 1:
        query = {"year": facts.year, "type": kinds[0].code}
    else:
        query = {"year": facts.year, "category": Category.PERIODIC}

    def answer(unit):
        gaps = []
        for kind in kinds:
            last = facts.checklist_last.get((unit.pk, kind.pk), {}).get("last")
            state, _stale = item_state(kind, last, year=facts.year, today=facts.today)
            if state in failing:
                gaps.append(gap_texts[kind.pk, state])
        link = Evidence(label, facts.path("portal:unit-information", unit.code, **query))
        if not kinds:
            return Result(NOT_APPLICABLE, _("No checklist item is named."), ())
        if gaps:
            return Result(NOT_MET, missing % {"items": "; ".join(gaps)}, (link,))
        return Result(MET, complete, (link,))

    return _each(facts, answer)


def exemptions_tested(facts: Facts, params: dict) -> dict:
    """Exempt information in force in the year, each from a consequence test with its signed papers."""
    least = int(params.get("min_tests", 1))

    label = _("The list of exempt information")
    text = _(
        "%(count)s exemptions from consequence tests in force in %(year)s, %(signed)s with signed papers."
    )

    def answer(unit):
        count, signed = _number(facts.tests, unit.pk), _number(facts.tests, unit.pk, "signed")
        link = Evidence(label, facts.path("portal:unit-exemptions", unit.code))
        reason = text % {
            "count": count,
            "year": facts.year,
            "signed": signed,
        }
        return Result(MET if count >= least and signed == count else NOT_MET, reason, (link,))

    return _each(facts, answer)


def exemptions_reopened(facts: Facts, params: dict) -> dict:
    """Every exemption whose period ended is open again with its announcement."""

    label = _("The announcements of ended exemptions")
    none_ended = _("No exemption period has ended.")
    text = _("%(opened)s of %(ended)s ended exemptions opened with an announcement.")

    def answer(unit):
        ended, opened = _number(facts.tests_ended, unit.pk), _number(facts.tests_ended, unit.pk, "opened")
        link = Evidence(label, facts.path("portal:unit-exemptions", unit.code))
        if not ended:
            return Result(NOT_APPLICABLE, none_ended, (link,))
        reason = text % {
            "opened": opened,
            "ended": ended,
        }
        return Result(MET if opened == ended else NOT_MET, reason, (link,))

    return _each(facts, answer)


def forms_online(facts: Facts, params: dict) -> dict:
    """The request and objection forms of e-PPID take requests for every unit."""
    objection = reverse("portal:objection-start")

    label = _("The request form")
    label1 = _("The objection form")
    text = _("The online forms of e-PPID take requests and objections for this unit.")
    start = reverse("portal:request-start")

    def answer(unit):
        links = (Evidence(label, f"{start}?{urlencode({'unit': unit.code})}"), Evidence(label1, objection))
        return Result(MET, text, links)

    return _each(facts, answer)


def registers_kept(facts: Facts, params: dict) -> dict:
    """e-PPID keeps the registers of requests and objections; their public summary is the statistics."""

    label = _("The statistics made from the registers")
    text = _("The registers hold %(requests)s requests and %(objections)s objections of %(year)s.")

    def answer(unit):
        link = Evidence(
            label,
            facts.path("portal:unit-statistics", unit.code, year=facts.year, scope="unit"),
        )
        reason = text % {
            "requests": _number(facts.requests, unit.pk),
            "objections": _number(facts.objections, unit.pk),
            "year": facts.year,
        }
        return Result(MET, reason, (link,))

    return _each(facts, answer)


def profile_fields(facts: Facts, params: dict) -> dict:
    """The named fields of the PPID profile are filled in (shown on the unit's public page)."""
    names = [name for name in params.get("fields", []) if name in {f.name for f in UnitProfile._meta.fields}]

    label = _("The unit's public page")
    empty_text, filled = _("Not filled in: %(fields)s."), _("Filled in and shown on the unit's page.")
    verbose = {name: str(UnitProfile._meta.get_field(name).verbose_name) for name in names}

    def answer(unit):
        profile = facts.profiles.get(unit.pk)
        empty = [
            verbose[name]
            for name in names
            if profile is None or not str(getattr(profile, name) or "").strip()
        ]
        link = Evidence(label, facts.path("portal:unit", unit.code))
        if empty:
            return Result(NOT_MET, empty_text % {"fields": ", ".join(empty)}, (link,))
        return Result(MET, filled, (link,))

    return _each(facts, answer)


def service_charter(facts: Facts, params: dict) -> dict:
    """The service charter is shown on the unit's page (the statutory text where the unit wrote none)."""
    least = int(params.get("own_min", 0))

    label = _("The unit's public page")
    text = _(
        "Shown on the unit's page: %(own)s of %(total)s parts written by the unit, "
        "the rest the statutory text."
    )

    def answer(unit):
        profile = facts.profiles.get(unit.pk)
        own = sum(
            1 for name in CHARTER_FIELDS if profile is not None and (getattr(profile, name) or "").strip()
        )
        link = Evidence(label, facts.path("portal:unit", unit.code))
        reason = text % {
            "own": own,
            "total": len(CHARTER_FIELDS),
        }
        return Result(MET if own >= least else NOT_MET, reason, (link,))

    return _each(facts, answer)


def annual_report_issued(facts: Facts, params: dict) -> dict:
    """The signed annual report of the year ``year + of_year`` (the previous year by default)."""
    year = facts.year + int(params.get("of_year", -1))
    documents = facts.annual_reports(year)

    label = _("The signed report")
    missing = Result(NOT_MET, _("No signed annual report of %(year)s.") % {"year": year}, ())

    def answer(unit):
        doc = documents.get(unit.pk)
        if doc is None:
            return missing
        reason = _("Issued and signed on %(day)s (document %(code)s).") % {
            "day": timezone.localdate(doc.signed_at).isoformat() if doc.signed_at else "-",
            "code": doc.code_display,
        }
        return Result(MET, reason, (Evidence(label, verification_url(doc)),))

    return _each(facts, answer)


def survey_held(facts: Facts, params: dict) -> dict:
    """Answers to the satisfaction survey received in the year."""
    least = int(params.get("min_responses", 1))

    label = _("The statistics with the survey")

    def answer(unit):
        count = _number(facts.surveys, unit.pk)
        link = Evidence(
            label,
            facts.path("portal:unit-statistics", unit.code, year=facts.year, scope="unit"),
        )
        reason = ngettext(
            "%(count)s answer to the survey in %(year)s.",
            "%(count)s answers to the survey in %(year)s.",
            count,
        ) % {"count": count, "year": facts.year}
        return Result(MET if count >= least else NOT_MET, reason, (link,))

    return _each(facts, answer)


def manual(facts: Facts, params: dict) -> dict:
    """Evidence e-PPID does not hold: shown, not scored."""
    result = Result(NOT_APPLICABLE, _("Not checked by e-PPID: the unit attaches its own evidence."), ())
    return dict.fromkeys(facts.ids, result)


RULES = {
    "dip_of_year": dip_of_year,
    "category_published": category_published,
    "checklist": checklist,
    "exemptions_tested": exemptions_tested,
    "exemptions_reopened": exemptions_reopened,
    "forms_online": forms_online,
    "registers_kept": registers_kept,
    "profile_fields": profile_fields,
    "service_charter": service_charter,
    "annual_report_issued": annual_report_issued,
    "survey_held": survey_held,
    "manual": manual,
}
