"""The statistics document (``statistics_for_unit``) labelled for people: figures for the pages
(a chart and its table each), the headline list, and one table for the CSV download.

Labels come from the vocabularies (``Outcome``, ``ObjectionOutcome``, ``DisputeStage``...) and
the legal grounds from the law data (``law.LegalGround.label``), in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from eppid.disclosure.choices import Outcome
from eppid.law.models import EXEMPTION_KINDS, GroundKind, LegalGround
from eppid.law.selectors import citation_text
from eppid.objections.choices import DisputeResult, DisputeStage, MediationResult, ObjectionOutcome
from eppid.reports.charts import BarChart, bar_chart
from eppid.reports.statistics import RESULT_AGREED, RESULT_PENDING
from eppid.reports.tables import TEXT, Column, Table


@dataclass
class Figure:
    key: str
    title: str
    description: str
    rows: list[tuple[str, str, int]]  # (code, label, value)
    chart: BarChart = field(init=False)

    def __post_init__(self):
        self.chart = bar_chart([(_short_label(label), value) for _code, label, value in self.rows])

    @property
    def total(self) -> int:
        return sum(value for _code, _label, value in self.rows)


def _short_label(label: str) -> str:
    # "Pasal 17 huruf a: menghambat ..." -> "Pasal 17 huruf a" in the chart; the table has it all.
    return label.split(":", 1)[0]


def _ground_labels(codes) -> dict[str, dict[str, str]]:
    """{"exemption": {code: label}, "objection": {code: label}}: the latest text of each code (one query)."""
    labels = {EXEMPTION_KINDS[0]: {}, GroundKind.OBJECTION: {}}
    kinds = [*EXEMPTION_KINDS, GroundKind.OBJECTION]
    grounds = LegalGround.objects.filter(kind__in=kinds, code__in=list(codes))
    for ground in grounds.order_by("effective_from"):
        group = GroundKind.OBJECTION if ground.kind == GroundKind.OBJECTION else EXEMPTION_KINDS[0]
        labels[group][ground.code] = ground.label
    return labels


def _labelled(counts: dict, labels: dict) -> list[tuple[str, str, int]]:
    return [(code, str(labels.get(code, code)), value) for code, value in counts.items()]


def statistics_figures(stats: dict) -> list[Figure]:
    requests, objections, disputes = stats["requests"], stats["objections"], stats["disputes"]
    states = {
        **dict(Outcome.choices),
        "forwarded": _("Forwarded to another unit"),
        "withdrawn": _("Withdrawn"),
        "open": _("Still being handled"),
    }
    labels = _ground_labels([*requests["by_exemption"], *objections["by_ground"]])
    exemption_labels, ground_labels = labels[EXEMPTION_KINDS[0]], labels[GroundKind.OBJECTION]
    objection_states = {**dict(ObjectionOutcome.choices), "open": _("Not yet decided")}
    results = {
        **dict(DisputeResult.choices),
        RESULT_AGREED: MediationResult.AGREED.label,
        RESULT_PENDING: _("No result yet"),
    }
    return [
        Figure(
            "requests",
            _("What became of the requests"),
            _("Requests received in the year, by their outcome or their state today."),
            _labelled({key: requests[key] for key in states}, states),
        ),
        Figure(
            "exemptions",
            _("Refusals by ground of exemption"),
            _("Requests refused in whole or in part, by the ground of exemption the decision names."),
            _labelled(requests["by_exemption"], exemption_labels),
        ),
        Figure(
            "objections",
            _("What became of the objections"),
            _("Objections received in the year, by the superior's decision or their state today."),
            _labelled({key: objections[key] for key in objection_states}, objection_states),
        ),
        Figure(
            "grounds",
            _("Objections by ground"),
            _("Objections received in the year, by the ground of %(basis)s they rely on.")
            % {"basis": citation_text("objection_grounds")},
            _labelled(objections["by_ground"], ground_labels),
        ),
        Figure(
            "dispute_stages",
            _("Disputes by stage"),
            _("Disputes filed with the Information Commission in the year, by their stage today."),
            _labelled(disputes["by_stage"], dict(DisputeStage.choices)),
        ),
        Figure(
            "dispute_results",
            _("Disputes by result"),
            _("Disputes filed with the Information Commission in the year, by their latest result."),
            _labelled(disputes["by_result"], results),
        ),
    ]


def _number(value) -> str:
    if value is None:
        return "–"
    return formats.number_format(round(value, 2)) if isinstance(value, float) else str(value)


def statistics_headlines(stats: dict) -> list[tuple[str, str]]:
    """(label, value) pairs for the summary list above the charts."""
    requests, days, survey = stats["requests"], stats["requests"]["working_days_to_decide"], stats["survey"]
    return [
        (_("Requests received"), _number(requests["received"])),
        (_("Open and past their due date today"), _number(requests["overdue"])),
        (_("Working days to decide: mean"), _number(days["mean"])),
        (_("Working days to decide: median"), _number(days["median"])),
        (_("Working days to decide: longest"), _number(days["max"])),
        (_("Objections received"), _number(stats["objections"]["received"])),
        (_("Disputes filed with the Information Commission"), _number(stats["disputes"]["received"])),
        (_("Satisfaction survey responses"), _number(survey["responses"])),
        (_("Satisfaction index (IKM)"), _number(survey["ikm"]) if survey["responses"] else _("No responses")),
    ]


def statistics_table(stats: dict) -> Table:
    """Every number in one table (section, measure, code, value) for the CSV download."""
    columns = [
        Column("section", _("Section"), TEXT, 24),
        Column("measure", _("Measure"), TEXT, 50),
        Column("code", _("Code"), TEXT, 16),
        Column("value", _("Value"), TEXT, 10),
    ]
    rows = [
        {"section": _("Summary"), "measure": label, "code": "", "value": value}
        for label, value in statistics_headlines(stats)
    ]
    for figure in statistics_figures(stats):
        rows += [
            {"section": figure.title, "measure": label, "code": code, "value": str(value)}
            for code, label, value in figure.rows
        ]
    for element, value in stats["survey"]["elements"].items():
        measure = {"section": _("Satisfaction survey"), "measure": element.upper(), "code": element}
        rows.append({**measure, "value": _number(value)})
    scope = _("with every unit below it") if stats["scope"] == "tree" else _("the unit alone")
    return Table(
        title=_("Statistics of the information service"),
        subtitle=f"{stats['unit_name']} ({stats['unit']}) · {stats['year']} · {scope}",
        columns=columns,
        rows=rows,
    )


__all__ = ["Figure", "statistics_figures", "statistics_headlines", "statistics_table"]
