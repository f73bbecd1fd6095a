"""The annual report of the public information service (Perki 1/2021 Pasal 56; issue 13 item 3).

``annual_report_build(unit, year, scope)`` is the report as data: the statistics document of
``statistics_for_unit`` for the same unit, year and scope (the same top-level keys, the same
values, as ``GET /api/v1/statistics`` gives), plus ``report``: the statutory structure
(``dip-dik.md`` section 3): service policy; service implementation (facilities, staff and
budget); service details (the numbers); disputes; obstacles; recommendations and follow-up; and
the satisfaction survey (without its comments, which are for staff only).

The narrative sections are the PPID's own words (``AnnualReportNarrative``, written on the console
page): they are empty (``written`` false) until the PPID writes them. The numbers come only from the
statistics selector, so the report, the API, the pages and the console never disagree.

``annual_report_table`` gives every number as one table (CSV/XLSX through ``reports.tables``);
``annual_report_pdf`` the printable report (Indonesian, the English below each heading), and
``annual_report_issue`` registers and signs it (``signing.document_issue``, kind
``annual_report``), replacing the unit's earlier issue for the same year and scope.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eppid.disclosure.papers import both, day, indonesian, label, moment, unit_line, verification_paragraph
from eppid.law.selectors import citation_lazy
from eppid.organisation.models import Unit
from eppid.organisation.selectors import unit_descendants
from eppid.reports.models import AnnualReportNarrative
from eppid.reports.statistics import SCOPE_TREE, statistics_for_unit
from eppid.reports.statistics_figures import statistics_figures, statistics_headlines, statistics_table
from eppid.reports.survey import survey_summary
from eppid.reports.tables import Table
from eppid.signing.models import DocumentKind, IssuedDocument
from eppid.signing.pdf import pdf_render
from eppid.signing.services import document_issue

REPORT_TITLE = gettext_lazy("Annual report of the public information service")
# The statutory structure (Perki 1/2021 Pasal 56, sub-items as in Ombudsman Perban 46/2020 Pasal 31).
# (key, title, what the PPID writes there; None: the section is made of the numbers).
POLICY, IMPLEMENTATION, SERVICE, DISPUTES, OBSTACLES, RECOMMENDATIONS, SURVEY = (
    "policy",
    "implementation",
    "service",
    "disputes",
    "obstacles",
    "recommendations",
    "survey",
)
SECTIONS = (
    (
        POLICY,
        gettext_lazy("Service policy"),
        gettext_lazy("The unit's policy on public information service."),
    ),
    (
        IMPLEMENTATION,
        gettext_lazy("Service implementation: facilities, staff and budget"),
        gettext_lazy("The facilities and infrastructure, the staff, and the budget of the service."),
    ),
    (SERVICE, gettext_lazy("Service details"), None),
    (DISPUTES, gettext_lazy("Information disputes"), None),
    (
        OBSTACLES,
        gettext_lazy("Obstacles"),
        gettext_lazy("The internal and external obstacles met in the service."),
    ),
    (
        RECOMMENDATIONS,
        gettext_lazy("Recommendations and follow-up"),
        gettext_lazy("Recommendations and the follow-up planned to improve the service."),
    ),
    (SURVEY, gettext_lazy("Satisfaction survey"), None),
)
NARRATIVE_NOTE = gettext_lazy("Not yet written by the PPID.")
SERVICE_FIGURES = ("requests", "exemptions", "objections", "grounds")
DISPUTE_FIGURES = ("dispute_stages", "dispute_results")


def _scope_codes(unit: Unit, scope: str) -> list[str]:
    if scope != SCOPE_TREE:
        return [unit.code]
    return [unit.code, *unit_descendants(unit).order_by("code").values_list("code", flat=True)]


def _plain(value):
    """Decimals of the survey as JSON numbers."""
    return None if value is None else float(value)


def _survey_section(unit: Unit, year: int, scope: str) -> dict:
    summary = survey_summary(_scope_codes(unit, scope), year, comments=False)
    return {
        "responses": summary["responses"],
        "online": summary["online"],
        "paper": summary["paper"],
        "population": summary["population"],
        "sample_size_required": summary["sample_size_required"],
        "sample_reached": summary["sample_reached"],
        "elements": {code: _plain(value) for code, value in summary["elements"].items()},
        "ikm": _plain(summary["ikm"]),
        "grade": summary["grade"],
        "grade_label": summary["grade_label"],
    }


def _figure_section(figures, keys) -> list[dict]:
    return [
        {
            "key": figure.key,
            "title": str(figure.title),
            "rows": [{"code": code, "label": text, "value": value} for code, text, value in figure.rows],
        }
        for figure in figures
        if figure.key in keys
    ]


def annual_report_build(unit: Unit, year: int, scope: str, progress=None) -> dict:
    """The statistics document of ``unit``, ``year`` and ``scope`` (clean: see
    ``statistics_year_clean``/``statistics_scope_clean``) with the report's sections under ``report``.
    ``progress(text)``, if given, hears each stage as it starts (the command prints them)."""
    say = progress or (lambda text: None)
    say(_("Counting requests, objections and disputes…"))
    stats = statistics_for_unit(unit, year, scope)
    figures = statistics_figures(stats)
    stored = AnnualReportNarrative.objects.filter(unit=unit, year=year, scope=scope).first()
    sections = []
    for key, title, asks in SECTIONS:
        section = {"key": key, "title": str(title)}
        if asks is not None:
            narrative = getattr(stored, key, "") if stored is not None else ""
            section.update({"narrative": narrative, "written": bool(narrative), "asks": str(asks)})
        elif key == SERVICE:
            section["headlines"] = [
                {"label": text, "value": value} for text, value in statistics_headlines(stats)
            ]
            section["figures"] = _figure_section(figures, SERVICE_FIGURES)
        elif key == DISPUTES:
            section["figures"] = _figure_section(figures, DISPUTE_FIGURES)
        else:
            say(_("Computing the satisfaction survey…"))
            section["survey"] = _survey_section(unit, year, scope)
        sections.append(section)
    stats["report"] = {
        "title": str(REPORT_TITLE),
        "period": {
            "year": year,
            "start": date(year, 1, 1).isoformat(),
            "end": date(year, 12, 31).isoformat(),
        },
        "unit": {"code": unit.code, "name": unit.name},
        "scope": scope,
        "generated_at": timezone.localtime().isoformat(),
        "narrative_note": str(NARRATIVE_NOTE),
        "sections": sections,
    }
    return stats


def _section(report: dict, key: str) -> dict:
    return next(section for section in report["report"]["sections"] if section["key"] == key)


def annual_report_table(report: dict) -> Table:
    """Every number of ``annual_report_build``'s result as one table (section, measure, code, value)."""
    table = statistics_table(report)
    survey = _section(report, SURVEY)["survey"]
    title = str(_section(report, SURVEY)["title"])
    for code, text in (
        ("online", _("Answered online")),
        ("paper", _("Entered from paper")),
        ("population", _("Decided requests (population)")),
        ("sample_size_required", _("Sample size required")),
        ("grade", _("Grade")),
    ):
        value = survey[code]
        table.rows.append(
            {"section": title, "measure": text, "code": code, "value": "" if value is None else str(value)}
        )
    table.title = str(REPORT_TITLE)
    return table


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}".replace(".", ",") if isinstance(value, float) else str(value)


def _paragraphs(text: str) -> list[str]:
    """The PPID's text as paragraphs (a blank line parts them; a line break stays one)."""
    parts = [chunk.strip() for chunk in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")]
    return [part for part in parts if part]


def _pdf_blocks(unit: Unit, report: dict) -> list:
    data = report["report"]
    scope_text = _("with every unit below it") if data["scope"] == SCOPE_TREE else _("the unit alone")
    blocks = [
        indonesian(
            gettext_lazy(
                "The report of the PPID of %(unit)s on its public information service in %(year)s "
                "(%(basis)s), made from the registers of e-PPID."
            ),
            unit=unit.name,
            basis=citation_lazy("annual_report"),
            year=data["period"]["year"],
        ),
        (
            "rows",
            [
                (label(gettext_lazy("Unit")), unit_line(unit)),
                (
                    label(gettext_lazy("Period")),
                    f"{day(date.fromisoformat(data['period']['start']))} - "
                    f"{day(date.fromisoformat(data['period']['end']))}",
                ),
                (label(gettext_lazy("Scope")), f"{scope_text} ({report['units']})"),
                (label(gettext_lazy("Made on")), moment(timezone.now())),
            ],
        ),
    ]
    titles = {key: title for key, title, _asks in SECTIONS}
    for number, section in enumerate(data["sections"], start=1):
        blocks.append(("heading", f"{number}. {both(titles[section['key']])}"))
        if "narrative" in section:
            if section["narrative"]:
                blocks += _paragraphs(section["narrative"])
            else:
                blocks.append(("note", f"{section['asks']} {data['narrative_note']}"))
        if section["key"] == SERVICE:
            blocks.append(("rows", [(item["label"], item["value"]) for item in section["headlines"]]))
        for figure in section.get("figures", []):
            rows = [(row["label"], str(row["value"])) for row in figure["rows"]]
            blocks += [("heading", figure["title"]), ("rows", rows or [("-", "0")])]
        if section["key"] == SURVEY:
            survey = section["survey"]
            rows = [(code.upper(), _number(value)) for code, value in survey["elements"].items()]
            rows += [
                (_("Satisfaction index (IKM)"), _number(survey["ikm"])),
                (_("Grade"), f"{survey['grade']} ({survey['grade_label']})" if survey["grade"] else "-"),
                (_("Responses"), str(survey["responses"])),
                (_("Sample size required"), str(survey["sample_size_required"])),
            ]
            blocks.append(("rows", rows))
    blocks.append(("note", verification_paragraph(unit)))
    return blocks


def annual_report_pdf(unit: Unit, report: dict) -> bytes:
    """The unsigned report in Indonesian (the statutory headings, the tables of numbers)."""
    with translation.override("id"):
        blocks = _pdf_blocks(unit, report)
        title = f"{indonesian(REPORT_TITLE)} {report['year']}"
    return pdf_render(title=title, unit_name=unit.name, blocks=blocks)


def annual_report_reference(unit: Unit, year: int, scope: str) -> str:
    return f"{unit.code}-{year}-{scope}"


def annual_report_issue(unit: Unit, year: int, scope: str, report: dict | None = None) -> IssuedDocument:
    """Render, register and sign the report (``signing.document_issue``); an earlier issue of the
    same unit, year and scope is marked as replaced by this one. The document may be left
    ``pending`` when the unit's signer is unavailable (``is_signed`` tells)."""
    report = report if report is not None else annual_report_build(unit, year, scope)
    pdf = annual_report_pdf(unit, report)
    reference = annual_report_reference(unit, year, scope)
    with transaction.atomic():
        earlier = (
            IssuedDocument.objects.filter(
                unit=unit, kind=DocumentKind.ANNUAL_REPORT, reference=reference, superseded_by__isnull=True
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        return document_issue(
            unit=unit, kind=DocumentKind.ANNUAL_REPORT, reference=reference, pdf=pdf, supersedes=earlier
        )


__all__ = [
    "SECTIONS",
    "annual_report_build",
    "annual_report_issue",
    "annual_report_pdf",
    "annual_report_reference",
    "annual_report_table",
]
