"""The public readiness page of a unit (issue 13 item 5): what e-PPID proves for the yearly
assessment, each indicator with its public evidence, and the binder as CSV and PDF.

The evidence is public information already; the page shows the unit alone (the roll-up of many
units is in the console: no public league table). Unknown unit, or a year without a
questionnaire: 404.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from eppid.organisation import selectors
from eppid.reports.readiness import (
    DOWNLOADS,
    SCOPE_UNIT,
    readiness_default_year,
    readiness_download,
    readiness_for,
    readiness_year_clean,
    readiness_years,
)


@require_http_methods(["GET", "HEAD"])
def unit_readiness(request, code):
    unit = selectors.unit_get(code)
    raw_year = request.GET.get("year", "")[:10].strip()
    year = readiness_year_clean(raw_year) if raw_year else readiness_default_year()
    file_format = request.GET.get("format", "").strip()
    scope = request.GET.get("scope", "").strip() or SCOPE_UNIT
    if unit is None or year is None or scope != SCOPE_UNIT or (file_format and file_format not in DOWNLOADS):
        raise Http404
    readiness = readiness_for(unit, year, SCOPE_UNIT)
    if file_format:
        body, content_type, name = readiness_download(readiness, file_format)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {"unit": unit, "readiness": readiness, "year": year, "years": readiness_years()}
    return render(request, "portal/readiness.html", context)
