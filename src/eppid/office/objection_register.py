"""The register of objections (register keberatan, columns a-k) of a unit for a period: a preview
page and CSV/XLSX downloads (``?format=csv|xlsx`` on the same page), built from the core's table
and the shared writer, with the same period form as the register of requests. Every download is
recorded (reports.services.report_download_record)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from eppid.objections.register import objection_register_filename, objection_register_table
from eppid.office.access import unit_permission_required
from eppid.office.register_views import DOWNLOADS, _period, _preview
from eppid.organisation.roles import Permission
from eppid.reports.models import ReportKind
from eppid.reports.services import report_download_record


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_register(request, code):
    unit = request.unit
    form, period = _period(request)
    table = objection_register_table(unit, period) if period else None
    fmt = request.GET.get("format", "")
    if table is not None and fmt in DOWNLOADS:
        writer, content_type = DOWNLOADS[fmt]
        content = writer(table)
        report_download_record(
            unit=unit,
            kind=ReportKind.OBJECTIONS_REGISTER,
            period_from=period.start,
            period_to=period.end,
            fmt=fmt,
            row_count=len(table.rows),
            actor=request.user,
        )
        response = HttpResponse(content, content_type=content_type)
        filename = objection_register_filename(unit, period, fmt)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    query = urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()}) if period else ""
    return render(
        request,
        "office/objections/register.html",
        {
            "unit": unit,
            "form": form,
            "table": table,
            "preview": _preview(table) if table else [],
            "query": query,
        },
        status=200 if period or not fmt else 400,
    )
