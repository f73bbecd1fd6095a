"""Readiness for the yearly assessment (issue 13 item 5): the e-Monev of the Komisi Informasi and
Bawaslu RI's assessment of its own units.

``readiness_for(unit, year, scope)`` reads the questionnaire of ``year`` (``ReadinessIndicator``
rows: data, decision 1400), asks each indicator's evaluator (``readiness_rules.RULES``) for every
unit in scope at once, and scores each unit: the weights of the indicators met over the weights of
those that apply (not applicable ones, and those software cannot check, count in neither). Scope
``unit`` is the unit alone; ``tree`` adds every unit below it (a province with its regencies,
Bawaslu RI with all units), with per indicator the number of units meeting it.

``readiness_table`` is the evidence binder as a table (CSV), ``readiness_pdf`` as a PDF with the
links clickable. This is a guide to the evidence, not the Komisi Informasi's score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eppid.organisation.models import Unit
from eppid.organisation.selectors import unit_descendants
from eppid.reports.models import ReadinessIndicator
from eppid.reports.readiness_facts import Facts
from eppid.reports.readiness_rules import MET, NOT_APPLICABLE, NOT_MET, RULES, Result
from eppid.reports.tables import CSV_CONTENT_TYPE, Column, Table, table_csv
from eppid.signing.models import DocumentKind, IssuedDocument
from eppid.signing.pdf import pdf_render
from eppid.signing.services import document_issue

SCOPE_UNIT, SCOPE_TREE = "unit", "tree"
SCOPES = (SCOPE_UNIT, SCOPE_TREE)
# The scopes in words, as the pages offer them (an error names these, never the codes).
SCOPE_LABELS = {
    SCOPE_UNIT: gettext_lazy("This unit alone"),
    SCOPE_TREE: gettext_lazy("This unit and every unit below it"),
}
TITLE = gettext_lazy("Readiness for the yearly assessment")
HUNDRED = Decimal(100)


@dataclass
class UnitReadiness:
    unit: Unit
    results: list[tuple[ReadinessIndicator, Result]]
    met_weight: Decimal = Decimal(0)
    total_weight: Decimal = Decimal(0)

    @property
    def score(self) -> Decimal | None:
        """Percent of the applicable weight met, two decimals; None when nothing applies."""
        if not self.total_weight:
            return None
        return (self.met_weight * HUNDRED / self.total_weight).quantize(Decimal("0.01"))

    def count(self, state: str) -> int:
        return sum(1 for _indicator, result in self.results if result.state == state)

    @property
    def met_count(self) -> int:
        return self.count(MET)

    @property
    def not_met_count(self) -> int:
        return self.count(NOT_MET)

    @property
    def not_applicable_count(self) -> int:
        return self.count(NOT_APPLICABLE)


@dataclass
class IndicatorTally:
    indicator: ReadinessIndicator
    met: int = 0
    not_met: int = 0
    not_applicable: int = 0


@dataclass
class Readiness:
    unit: Unit
    year: int
    scope: str
    indicators: list[ReadinessIndicator]
    units: list[UnitReadiness] = field(default_factory=list)
    tallies: list[IndicatorTally] = field(default_factory=list)

    @property
    def own(self) -> UnitReadiness:
        return self.units[0]

    @property
    def to_confirm(self) -> bool:
        return any(indicator.to_confirm for indicator in self.indicators)


def readiness_years() -> list[int]:
    """The years with a questionnaire, newest first."""
    years = ReadinessIndicator.objects.order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def readiness_questionnaire(year: int) -> list[ReadinessIndicator]:
    return list(ReadinessIndicator.objects.filter(year=year).order_by("position", "code"))


def readiness_year_clean(value) -> int | None:
    """The year as an int when it has a questionnaire; None otherwise (the screens answer 404)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    if not 0 < year < 10000 or not ReadinessIndicator.objects.filter(year=year).exists():
        return None
    return year


def readiness_parameters_clean(year, scope, file_format, *, scopes=SCOPES) -> tuple[int, str, str]:
    """(year, scope, format) of a readiness page from its query; "" means the default (the newest
    questionnaire up to this year, the unit alone, the page). ValidationError keyed by parameter
    otherwise, with the choices in words in its message."""
    errors = {}
    raw_year = str(year or "")[:10].strip()
    clean_year = readiness_year_clean(raw_year) if raw_year else readiness_default_year()
    if clean_year is None:
        years = ", ".join(str(option) for option in readiness_years())
        message = _("There is no questionnaire for that year; choose one of: %(years)s.")
        errors["year"] = [message % {"years": years}]
    clean_scope = str(scope or "").strip() or SCOPE_UNIT
    if clean_scope not in scopes:
        labels = "; ".join(str(SCOPE_LABELS[option]) for option in scopes)
        errors["scope"] = [_("Choose which units to show: %(expected)s.") % {"expected": labels}]
    clean_format = str(file_format or "").strip()
    if clean_format and clean_format not in DOWNLOADS:
        formats = ", ".join(option.upper() for option in DOWNLOADS)
        errors["format"] = [_("Choose a download: %(expected)s.") % {"expected": formats}]
    if errors:
        raise ValidationError(errors)
    return clean_year, clean_scope, clean_format


def _units(unit: Unit, scope: str) -> list[Unit]:
    if scope != SCOPE_TREE:
        return [unit]
    return [unit, *unit_descendants(unit).order_by("code")]


def _answers(indicator: ReadinessIndicator, facts: Facts) -> dict:
    """The evaluator's answers; a rule or parameters the code does not know make the indicator
    not applicable, with the reason, for every unit (a data mistake never breaks the page)."""
    evaluator = RULES.get(indicator.rule)
    params = indicator.params if isinstance(indicator.params, dict) else None
    if evaluator is not None and params is not None:
        try:
            return evaluator(facts, params)
        except (TypeError, ValueError, KeyError, AttributeError):
            pass
    text = _("The rule %(rule)s or its parameters are not valid.") % {"rule": indicator.rule}
    return dict.fromkeys(facts.ids, Result(NOT_APPLICABLE, text))


def readiness_for(unit: Unit, year: int, scope: str = SCOPE_UNIT, *, today: date | None = None) -> Readiness:
    """The readiness of ``unit`` (and, with scope ``tree``, of every unit below it) for ``year``."""
    indicators = readiness_questionnaire(year)
    units = _units(unit, scope)
    every_unit = scope == SCOPE_TREE and unit.parent_id is None
    facts = Facts(units, year, today or timezone.localdate(), every_unit=every_unit)
    by_unit = {
        member_id: UnitReadiness(unit=member, results=[])
        for member_id, member in zip(facts.ids, units, strict=True)
    }
    members = list(by_unit.items())
    tallies = []
    for indicator in indicators:
        answers = _answers(indicator, facts)
        counts = {MET: 0, NOT_MET: 0, NOT_APPLICABLE: 0}
        weight = indicator.weight
        for member_id, entry in members:
            result = answers[member_id]
            entry.results.append((indicator, result))
            counts[result.state] += 1
            if result.state != NOT_APPLICABLE:
                entry.total_weight += weight
                if result.state == MET:
                    entry.met_weight += weight
        tallies.append(IndicatorTally(indicator, counts[MET], counts[NOT_MET], counts[NOT_APPLICABLE]))
    return Readiness(
        unit=unit,
        year=year,
        scope=scope,
        indicators=indicators,
        units=list(by_unit.values()),
        tallies=tallies,
    )


# --- The evidence binder --------------------------------------------------------------------------


def absolute(url: str) -> str:
    return url if "://" in url else settings.EPPID_PUBLIC_URL + url


def score_text(score: Decimal | None) -> str:
    return "-" if score is None else f"{score}"


def readiness_table(readiness: Readiness) -> Table:
    """One row per unit and indicator: state, reason, evidence (absolute links), weight, source."""
    columns = [
        Column("unit", _("Unit code")),
        Column("unit_name", _("Unit")),
        Column("code", _("Indicator")),
        Column("title", _("Title")),
        Column("weight", _("Weight")),
        Column("state", _("State")),
        Column("reason", _("Reason")),
        Column("evidence", _("Evidence")),
        Column("source", _("Source")),
        Column("to_confirm", _("To confirm")),
    ]
    rows = []
    for entry in readiness.units:
        for indicator, result in entry.results:
            rows.append(
                {
                    "unit": entry.unit.code,
                    "unit_name": entry.unit.name,
                    "code": indicator.code,
                    "title": indicator.title,
                    "weight": str(indicator.weight),
                    "state": result.state,
                    "reason": result.reason,
                    "evidence": " ".join(absolute(item.url) for item in result.evidence),
                    "source": indicator.source,
                    "to_confirm": _("yes") if indicator.to_confirm else _("no"),
                }
            )
    subtitle = f"{readiness.unit.name} ({readiness.unit.code})"
    return Table(title=f"{TITLE} {readiness.year}", subtitle=subtitle, columns=columns, rows=rows)


def _unit_blocks(entry: UnitReadiness) -> list:
    blocks = [
        ("heading", f"{entry.unit.name} ({entry.unit.code})"),
        (
            "rows",
            [
                (_("Score"), f"{score_text(entry.score)} ({entry.met_weight} / {entry.total_weight})"),
                (_("Met"), str(entry.count(MET))),
                (_("Not met"), str(entry.count(NOT_MET))),
                (_("Not applicable"), str(entry.count(NOT_APPLICABLE))),
            ],
        ),
    ]
    for indicator, result in entry.results:
        blocks.append(
            (
                "rows",
                [
                    (
                        f"{indicator.code}: {indicator.title}",
                        f"{result.label} ({indicator.weight}). {result.reason}",
                    )
                ],
            )
        )
        for item in result.evidence:
            blocks.append(("link", (f"{item.label}: {absolute(item.url)}", absolute(item.url))))
    return blocks


def _rollup_blocks(readiness: Readiness) -> list:
    """A roll-up's summary: units meeting each indicator, each unit's score with a link to its own
    public page. Each unit's details are in the CSV and its own binder (a PDF of every indicator
    of 553 units would be over a thousand pages and take minutes to print)."""
    blocks = [
        ("heading", _("Units meeting each indicator")),
        (
            "rows",
            [
                (
                    f"{tally.indicator.code}: {tally.indicator.title}",
                    f"{tally.met} / {tally.met + tally.not_met}",
                )
                for tally in readiness.tallies
            ],
        ),
        ("heading", _("Score of each unit")),
        (
            "note",
            _(
                "In the order of their codes, not ranked. Each unit's details: the CSV, or the "
                "unit's own binder."
            ),
        ),
    ]
    facts_path = Facts([], readiness.year, timezone.localdate()).path
    for entry in readiness.units:
        url = absolute(facts_path("portal:unit-readiness", entry.unit.code, year=readiness.year))
        weights = f"{entry.met_weight} / {entry.total_weight}"
        text = f"{entry.unit.name} ({entry.unit.code}): {score_text(entry.score)} ({weights})"
        blocks.append(("link", (text, url)))
    return blocks


def readiness_pdf(readiness: Readiness) -> bytes:
    """The evidence binder in Indonesian: the unit's indicators, states, reasons and live links; for
    a roll-up, the summary (``_rollup_blocks``)."""
    with translation.override("id"):
        blocks = [
            _(
                "What e-PPID can prove for the yearly assessment of %(year)s, with a link to the public "
                "evidence of each indicator. A guide for the self-assessment, not the assessor's score."
            )
            % {"year": readiness.year},
            ("rows", [(_("Made on"), timezone.localtime().strftime("%Y-%m-%d %H:%M"))]),
        ]
        if readiness.scope == SCOPE_TREE:
            blocks += _rollup_blocks(readiness)
        else:
            blocks += _unit_blocks(readiness.own)
        if readiness.to_confirm:
            blocks.append(
                (
                    "note",
                    _(
                        "Weights and sources marked to confirm were not checked against the "
                        "official questionnaire."
                    ),
                )
            )
        title = f"{TITLE} {readiness.year}"
    return pdf_render(title=title, unit_name=readiness.unit.name, blocks=blocks)


PDF_CONTENT_TYPE = "application/pdf"
DOWNLOADS = ("csv", "pdf")


def readiness_download(readiness: Readiness, file_format: str) -> tuple[bytes, str, str]:
    """(body, content type, file name) of the binder as ``csv`` or ``pdf``."""
    name = f"kesiapan-{readiness.unit.code}-{readiness.year}-{readiness.scope}.{file_format}"
    if file_format == "csv":
        return table_csv(readiness_table(readiness)), CSV_CONTENT_TYPE, name
    return readiness_pdf(readiness), PDF_CONTENT_TYPE, name


def readiness_default_year(today: date | None = None) -> int | None:
    """The newest year with a questionnaire up to this year (else the oldest one), None if none."""
    years = readiness_years()
    this_year = (today or timezone.localdate()).year
    return next((year for year in years if year <= this_year), years[-1] if years else None)


def readiness_binder_issue(unit: Unit, year: int, scope: str) -> IssuedDocument:
    """Render, register and sign the binder (``signing.document_issue``, as the annual report);
    an earlier binder of the same unit, year and scope is marked as replaced. It may be left
    ``pending`` while the unit's signer is unavailable."""
    pdf = readiness_pdf(readiness_for(unit, year, scope))
    reference = f"readiness-{unit.code}-{year}-{scope}"
    with transaction.atomic():
        earlier = (
            IssuedDocument.objects.filter(
                unit=unit, kind=DocumentKind.READINESS_BINDER, reference=reference, superseded_by__isnull=True
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        return document_issue(
            unit=unit, kind=DocumentKind.READINESS_BINDER, reference=reference, pdf=pdf, supersedes=earlier
        )
