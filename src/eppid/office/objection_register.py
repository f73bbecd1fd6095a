"""The register of objections (register keberatan, columns a-k) of a unit for a period: a preview
page and CSV/XLSX downloads, built from the core's rows and the shared table writer."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from eppid.office.access import unit_permission_required
from eppid.office.objection_forms import RegisterPeriodForm
from eppid.organisation.roles import Permission

PREVIEW_ROWS = 200
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _period(form) -> tuple[date, date]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return start, end


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_register(request, code):
    from eppid.objections.register import COLUMNS, objection_register_file, objection_register_rows

    unit = request.unit
    params = {key: request.GET[key] for key in ("start", "end") if key in request.GET}
    form = RegisterPeriodForm(params or None)
    start, end = _period(form)
    valid = not form.is_bound or form.is_valid()
    fmt = request.GET.get("format", "")
    if valid and fmt in CONTENT_TYPES:
        content = objection_register_file(unit, start, end, fmt=fmt, language=get_language() or "id")
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        filename = f"register-keberatan-{unit.code}-{start.isoformat()}-{end.isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    rows = objection_register_rows(unit, start, end) if valid else []
    if not form.is_bound:
        form = RegisterPeriodForm(initial={"start": start, "end": end})
    period = f"start={start.isoformat()}&end={end.isoformat()}"
    return render(
        request,
        "office/objections/register.html",
        {
            "unit": unit,
            "form": form,
            "start": start,
            "end": end,
            "valid": valid,
            "columns": [str(column) for column in COLUMNS],
            "rows": rows[:PREVIEW_ROWS],
            "total": len(rows),
            "preview_limit": PREVIEW_ROWS,
            "csv_query": f"{period}&format=csv",
            "xlsx_query": f"{period}&format=xlsx",
        },
    )
