"""The annual report in the console (issue 13 item 3).

Review (``view_statistics``, statistics flow up: an ancestor unit's staff see it too): the report
of a year and scope (the unit, or a province or Bawaslu RI with every unit below it) in its
statutory sections, with downloads as JSON, CSV and XLSX, the deadline (law as data), the issues
made so far and the records of sending them to the Komisi Informasi. The PPID of this unit
(``publish_information``) writes the narrative sections (any year) and issues the report (once
the year is over: the page says from when); those POST views are in ``annual_issue_views``.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.office.access import unit_permission_required
from eppid.office.annual_forms import NarrativeForm, SentForm
from eppid.office.survey_views import PeriodForm
from eppid.organisation import selectors as org_selectors
from eppid.organisation.roles import Permission
from eppid.reports.annual import annual_report_build, annual_report_table
from eppid.reports.annual_issue import (
    NARRATIVE_FIELDS,
    annual_issue_opens,
    annual_issues,
    annual_narrative_get,
    annual_year_over,
)
from eppid.reports.annual_reminders import annual_report_due
from eppid.reports.statistics import FIRST_YEAR
from eppid.reports.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, table_csv, table_xlsx

DOWNLOADS = ("json", "csv", "xlsx")


class ReportPeriodForm(PeriodForm):
    """The survey's year and scope, from the first year of the statistics (as the command). A
    unit with units below it (a province, Bawaslu RI) is offered the roll-up of its tree."""

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        field.validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(timezone.localdate().year)]
        field.widget.attrs["min"] = FIRST_YEAR
        self.fields["scope"].label = _("Report of")
        if unit is not None and not org_selectors.unit_children(unit).exists():
            self.fields["scope"].choices = [
                choice for choice in self.fields["scope"].choices if choice[0] != "tree"
            ]


def _period(data, *, defaults: bool = True, unit=None):
    data = data.copy()
    if defaults:  # the page opens on last year before the deadline has passed, else this year
        data.setdefault("year", str(_default_year()))
    data.setdefault("scope", "unit")
    return ReportPeriodForm(data, unit=unit)


def _default_year() -> int:
    today = timezone.localdate()
    due = annual_report_due(today.year - 1)
    return today.year - 1 if due is not None and today <= due.due_on else today.year


def _download(report: dict, file_format: str) -> HttpResponse:
    if file_format == "json":
        body = json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif file_format == "csv":
        response = HttpResponse(table_csv(annual_report_table(report)), content_type=CSV_CONTENT_TYPE)
    else:
        data = table_xlsx(annual_report_table(report), sheet_title=str(report["year"]))
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    name = f"laporan-tahunan-{report['unit']}-{report['year']}-{report['scope']}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_STATISTICS, statistics_scope=True)
def annual_report_page(request, code):
    unit = request.unit
    form = _period(request.GET, unit=unit)
    context = {"unit": unit, "form": form, "error_form": form}
    if not form.is_valid():
        return render(request, "office/annual_report.html", context, status=422)
    year, scope = form.cleaned_data["year"], form.cleaned_data["scope"] or "unit"
    report = annual_report_build(unit, year, scope)
    file_format = request.GET.get("format", "")
    if file_format in DOWNLOADS:
        return _download(report, file_format)
    return render(
        request, "office/annual_report.html", annual_page_context(request, unit, year, scope, report)
    )


def annual_page_context(request, unit, year: int, scope: str, report=None, **forms) -> dict:
    """Everything the page shows; ``forms`` (narrative_form, sent_form) replace the blank ones
    when a POST was refused, so their errors show beside the fields."""
    report = report if report is not None else annual_report_build(unit, year, scope)
    form = _period({"year": str(year), "scope": scope}, unit=unit)
    form.is_valid()
    narrative = annual_narrative_get(unit, year, scope)
    narrative_form = forms.get("narrative_form") or NarrativeForm(
        initial={key: getattr(narrative, key, "") for key in NARRATIVE_FIELDS}
    )
    issues = annual_issues(unit, year, scope)
    sent_form = forms.get("sent_form") or SentForm(initial={"sent_on": timezone.localdate()})
    error_form = forms.get("error_form", form)
    return {
        "unit": unit,
        "form": form,
        "error_form": error_form,
        "page_has_errors": bool(error_form.errors),
        "report": report,
        "sections": report["report"]["sections"],
        "year": year,
        "scope": scope,
        "due": annual_report_due(year),
        "narrative": narrative,
        "narrative_form": narrative_form,
        "issues": issues,
        "current_issue": issues[0] if issues else None,
        "sent_form": sent_form,
        "may_issue": org_selectors.user_has_permission(request.user, Permission.PUBLISH_INFORMATION, unit),
        "year_over": annual_year_over(year),  # the issue button only then
        "issue_opens": annual_issue_opens(year),
    }
