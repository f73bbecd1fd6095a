"""The register of requests in the console: a period form, a preview, CSV and XLSX downloads."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.views.decorators.http import require_http_methods

from eppid.disclosure.register import register_filename, register_table
from eppid.office.access import unit_permission_required
from eppid.office.register_forms import RegisterPeriodForm
from eppid.organisation.roles import Permission
from eppid.reports.models import ReportFormat, ReportKind
from eppid.reports.services import report_download_record
from eppid.reports.tables import CSV_CONTENT_TYPE, DATE, XLSX_CONTENT_TYPE, as_date, table_csv, table_xlsx

DOWNLOADS = {
    ReportFormat.CSV: (table_csv, CSV_CONTENT_TYPE),
    ReportFormat.XLSX: (lambda table: table_xlsx(table, sheet_title="Register"), XLSX_CONTENT_TYPE),
}


def _period(request):
    """(form, period): the default period (this year so far) when no dates were given."""
    if "from" in request.GET or "to" in request.GET:
        form = RegisterPeriodForm(request.GET)
        return form, (form.cleaned_data["period"] if form.is_valid() else None)
    period = RegisterPeriodForm.default_period()
    form = RegisterPeriodForm(initial={"from": period.start, "to": period.end})
    return form, period


def _preview(table) -> list[list[str]]:
    """The rows as the page shows them: dates in the reader's format, empty cells empty."""
    rows = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = row.get(column.key)
            if value is None:
                cells.append("")
            elif column.kind == DATE:
                cells.append(formats.date_format(as_date(value), "SHORT_DATE_FORMAT"))
            else:
                cells.append(formats.localize(value) if isinstance(value, int) else str(value))
        rows.append(cells)
    return rows


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def request_register(request, code):
    form, period = _period(request)
    table = register_table(request.unit, period) if period else None
    query = urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()}) if period else ""
    return render(
        request,
        "office/request_book.html",
        {
            "unit": request.unit,
            "form": form,
            "table": table,
            "preview": _preview(table) if table else [],
            "period": period,
            "query": query,
        },
    )


@require_http_methods(["GET"])
@unit_permission_required(Permission.VIEW_CASES)
def request_register_download(request, code, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    form, period = _period(request)
    if period is None:
        return render(
            request,
            "office/request_book.html",
            {"unit": request.unit, "form": form, "table": None, "period": None, "query": ""},
            status=400,
        )
    table = register_table(request.unit, period)
    filename = register_filename(request.unit, period, fmt)
    return register_download_response(request, ReportKind.REQUESTS_REGISTER, table, period, fmt, filename)


def register_download_response(request, kind, table, period, fmt, filename) -> HttpResponse:
    """A register as a CSV or XLSX attachment, its download recorded (one rule for every register)."""
    writer, content_type = DOWNLOADS[fmt]
    content = writer(table)
    report_download_record(
        unit=request.unit,
        kind=kind,
        period_from=period.start,
        period_to=period.end,
        fmt=fmt,
        row_count=len(table.rows),
        actor=request.user,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
