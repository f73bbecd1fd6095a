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
    return {unit.pk: answer(unit) for unit in facts.units}


def dip_of_year(facts: Facts, params: dict) -> dict:
    """The unit's list holds published entries of the year (every category but exempt)."""
    least = int(params.get("min_entries", 1))
    listed = (Category.PERIODIC, Category.IMMEDIATE, Category.ON_DEMAND)

    def answer(unit):
        count = sum(facts.entries_by_category.get((unit.pk, cat), {}).get("n", 0) for cat in listed)
        link = Evidence(
            _("The list of public information"),
            facts.path("portal:unit-information", unit.code, year=facts.year),
        )
        reason = ngettext(
            "%(count)s entry of %(year)s published in the list.",
            "%(count)s entries of %(year)s published in the list.",
            count,
        ) % {"count": count, "year": facts.year}
        return Result(MET if count >= least else NOT_MET, reason, (link,))

    return _each(facts, answer)


def category_published(facts: Facts, params: dict) -> dict:
    """Published entries of the year in one category (``immediate``: serta merta)."""
    category = params.get("category", Category.IMMEDIATE)
    least = int(params.get("min_entries", 1))

    def answer(unit):
        count = facts.entries_by_category.get((unit.pk, category), {}).get("n", 0)
        link = Evidence(
            _("Entries of the category"),
            facts.path("portal:unit-information", unit.code, year=facts.year, category=category),
        )
        reason = ngettext(
            "%(count)s entry of the category %(category)s published in %(year)s.",
            "%(count)s entries of the category %(category)s published in %(year)s.",
            count,
        ) % {"count": count, "category": Category(category).label, "year": facts.year}
        return Result(MET if count >= least else NOT_MET, reason, (link,))

    return _each(facts, answer)


def checklist(facts: Facts, params: dict) -> dict:
    """Every listed checklist type published in the year; with ``fresh``, none stale (this year)."""
    kinds = [facts.types[code] for code in params.get("types", []) if code in facts.types]
    fresh = bool(params.get("fresh", False))
    failing = ItemState.GAPS if fresh else (ItemState.MISSING,)

    def answer(unit):
        gaps = []
        for kind in kinds:
            last = facts.checklist_last.get((unit.pk, kind.pk), {}).get("last")
            state, _stale = item_state(kind, last, year=facts.year, today=facts.today)
            if state in failing:
                gaps.append(f"{kind.label} ({ItemState.LABELS[state]})")
        if len(kinds) == 1:
            query = {"year": facts.year, "type": kinds[0].code}
        else:
            query = {"year": facts.year, "category": Category.PERIODIC}
        link = Evidence(_("The published items"), facts.path("portal:unit-information", unit.code, **query))
        if not kinds:
            return Result(NOT_APPLICABLE, _("No checklist item is named."), ())
        if gaps:
            return Result(
                NOT_MET, _("Missing or not renewed: %(items)s.") % {"items": "; ".join(gaps)}, (link,)
            )
        return Result(
            MET,
            _("All %(count)s items published for %(year)s.") % {"count": len(kinds), "year": facts.year},
            (link,),
        )

    return _each(facts, answer)


def exemptions_tested(facts: Facts, params: dict) -> dict:
    """Exempt information in force in the year, each from a consequence test with its signed papers."""
    least = int(params.get("min_tests", 1))

    def answer(unit):
        count, signed = _number(facts.tests, unit.pk), _number(facts.tests, unit.pk, "signed")
        link = Evidence(_("The list of exempt information"), facts.path("portal:unit-exemptions", unit.code))
        reason = _(
            "%(count)s exemptions from consequence tests in force in %(year)s, %(signed)s with signed papers."
        ) % {
            "count": count,
            "year": facts.year,
            "signed": signed,
        }
        return Result(MET if count >= least and signed == count else NOT_MET, reason, (link,))

    return _each(facts, answer)


def exemptions_reopened(facts: Facts, params: dict) -> dict:
    """Every exemption whose period ended is open again with its announcement."""

    def answer(unit):
        ended, opened = _number(facts.tests_ended, unit.pk), _number(facts.tests_ended, unit.pk, "opened")
        link = Evidence(
            _("The announcements of ended exemptions"), facts.path("portal:unit-exemptions", unit.code)
        )
        if not ended:
            return Result(NOT_APPLICABLE, _("No exemption period has ended."), (link,))
        reason = _("%(opened)s of %(ended)s ended exemptions opened with an announcement.") % {
            "opened": opened,
            "ended": ended,
        }
        return Result(MET if opened == ended else NOT_MET, reason, (link,))

    return _each(facts, answer)


def forms_online(facts: Facts, params: dict) -> dict:
    """The request and objection forms of e-PPID take requests for every unit."""
    objection = reverse("portal:objection-start")

    def answer(unit):
        request = f"{reverse('portal:request-start')}?{urlencode({'unit': unit.code})}"
        links = (Evidence(_("The request form"), request), Evidence(_("The objection form"), objection))
        return Result(MET, _("The online forms of e-PPID take requests and objections for this unit."), links)

    return _each(facts, answer)


def registers_kept(facts: Facts, params: dict) -> dict:
    """e-PPID keeps the registers of requests and objections; their public summary is the statistics."""

    def answer(unit):
        link = Evidence(
            _("The statistics made from the registers"),
            facts.path("portal:unit-statistics", unit.code, year=facts.year, scope="unit"),
        )
        reason = _("The registers hold %(requests)s requests and %(objections)s objections of %(year)s.") % {
            "requests": _number(facts.requests, unit.pk),
            "objections": _number(facts.objections, unit.pk),
            "year": facts.year,
        }
        return Result(MET, reason, (link,))

    return _each(facts, answer)


def profile_fields(facts: Facts, params: dict) -> dict:
    """The named fields of the PPID profile are filled in (shown on the unit's public page)."""
    names = [name for name in params.get("fields", []) if name in {f.name for f in UnitProfile._meta.fields}]

    def answer(unit):
        profile = facts.profiles.get(unit.pk)
        empty = [
            str(UnitProfile._meta.get_field(name).verbose_name)
            for name in names
            if profile is None or not str(getattr(profile, name) or "").strip()
        ]
        link = Evidence(_("The unit's public page"), facts.path("portal:unit", unit.code))
        if empty:
            return Result(NOT_MET, _("Not filled in: %(fields)s.") % {"fields": ", ".join(empty)}, (link,))
        return Result(MET, _("Filled in and shown on the unit's page."), (link,))

    return _each(facts, answer)


def service_charter(facts: Facts, params: dict) -> dict:
    """The service charter is shown on the unit's page (the statutory text where the unit wrote none)."""
    least = int(params.get("own_min", 0))

    def answer(unit):
        profile = facts.profiles.get(unit.pk)
        own = sum(
            1 for name in CHARTER_FIELDS if profile is not None and (getattr(profile, name) or "").strip()
        )
        link = Evidence(_("The unit's public page"), facts.path("portal:unit", unit.code))
        reason = _(
            "Shown on the unit's page: %(own)s of %(total)s parts written by the unit, "
            "the rest the statutory text."
        ) % {
            "own": own,
            "total": len(CHARTER_FIELDS),
        }
        return Result(MET if own >= least else NOT_MET, reason, (link,))

    return _each(facts, answer)


def annual_report_issued(facts: Facts, params: dict) -> dict:
    """The signed annual report of the year ``year + of_year`` (the previous year by default)."""
    year = facts.year + int(params.get("of_year", -1))
    documents = facts.annual_reports(year)

    def answer(unit):
        doc = documents.get(unit.pk)
        if doc is None:
            return Result(NOT_MET, _("No signed annual report of %(year)s.") % {"year": year}, ())
        reason = _("Issued and signed on %(day)s (document %(code)s).") % {
            "day": timezone.localdate(doc.signed_at).isoformat() if doc.signed_at else "-",
            "code": doc.code_display,
        }
        return Result(MET, reason, (Evidence(_("The signed report"), verification_url(doc)),))

    return _each(facts, answer)


def survey_held(facts: Facts, params: dict) -> dict:
    """Answers to the satisfaction survey received in the year."""
    least = int(params.get("min_responses", 1))

    def answer(unit):
        count = _number(facts.surveys, unit.pk)
        link = Evidence(
            _("The statistics with the survey"),
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
