"""The register of objections (register keberatan, columns a-k) of a unit for a period: a preview
page and CSV/XLSX downloads (``?format=csv|xlsx`` on the same page), built from the core's table
and the shared writer, with the same period form as the register of requests. Every download is
recorded (office.register_views.register_download_response)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from eppid.objections.register import objection_register_filename, objection_register_table
from eppid.office.access import unit_permission_required
from eppid.office.register_views import DOWNLOADS, _period, _preview, register_download_response
from eppid.organisation.roles import Permission
from eppid.reports.models import ReportKind


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_register(request, code):
    unit = request.unit
    form, period = _period(request)
    table = objection_register_table(unit, period) if period else None
    fmt = request.GET.get("format", "")
    if table is not None and fmt in DOWNLOADS:
        filename = objection_register_filename(unit, period, fmt)
        kind = ReportKind.OBJECTIONS_REGISTER
        return register_download_response(request, kind, table, period, fmt, filename)
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
