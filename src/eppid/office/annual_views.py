"""The annual report in the console (issue 13 item 3, first slice).

Review (``view_statistics``, statistics flow up: an ancestor unit's staff see it too): the report
of a year and scope in its statutory sections, with downloads as JSON, CSV and XLSX. Issue
(``publish_information``, the PPID of this unit only, POST): the report is rendered, registered and
signed (``reports.annual.annual_report_issue``); the signed PDF is then served by its capability
URL. Writing the narrative sections comes later: they show as not yet written.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eppid.office.access import unit_permission_required
from eppid.office.survey_views import PeriodForm
from eppid.organisation import selectors as org_selectors
from eppid.organisation.roles import Permission
from eppid.reports.annual import annual_report_build, annual_report_issue, annual_report_table
from eppid.reports.statistics import FIRST_YEAR
from eppid.reports.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, table_csv, table_xlsx
from eppid.signing.selectors import document_url

DOWNLOADS = ("json", "csv", "xlsx")


class ReportPeriodForm(PeriodForm):
    """The survey's year and scope, from the first year of the statistics (as the command)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        field.validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(timezone.localdate().year)]
        field.widget.attrs["min"] = FIRST_YEAR


def _period(data, *, defaults: bool = True):
    data = data.copy()
    if defaults:  # the page opens on this year; issuing names its year explicitly
        data.setdefault("year", str(timezone.localdate().year))
    data.setdefault("scope", "unit")
    return ReportPeriodForm(data)


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
    form = _period(request.GET)
    context = {"unit": unit, "form": form}
    if not form.is_valid():
        return render(request, "office/annual_report.html", context, status=422)
    year, scope = form.cleaned_data["year"], form.cleaned_data["scope"] or "unit"
    report = annual_report_build(unit, year, scope)
    file_format = request.GET.get("format", "")
    if file_format in DOWNLOADS:
        return _download(report, file_format)
    context.update(
        {
            "report": report,
            "sections": report["report"]["sections"],
            "year": year,
            "scope": scope,
            "may_issue": org_selectors.user_has_permission(
                request.user, Permission.PUBLISH_INFORMATION, unit
            ),
        }
    )
    return render(request, "office/annual_report.html", context)


@require_POST
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def annual_report_issue_view(request, code):
    unit = request.unit
    form = _period(request.POST, defaults=False)
    if not form.is_valid():
        return render(request, "office/annual_report.html", {"unit": unit, "form": form}, status=422)
    year, scope = form.cleaned_data["year"], form.cleaned_data["scope"] or "unit"
    document = annual_report_issue(unit, year, scope)
    if document.copy_available:
        return redirect(document_url(document))
    messages.warning(
        request,
        _(
            "The report is registered as document %(code)s and will be signed as soon as the signer "
            "is available."
        )
        % {"code": document.code_display},
    )
    page = reverse("office:annual-report", kwargs={"code": unit.code})
    return redirect(f"{page}?{urlencode({'year': year, 'scope': scope})}")
