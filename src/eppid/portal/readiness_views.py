"""The public readiness page of a unit (issue 13 item 5): what e-PPID proves for the yearly
assessment, each indicator with its public evidence, and the binder as CSV and PDF.

The evidence is public information already; the page shows the unit alone (the roll-up of many
units is in the console: no public league table). Unknown unit: 404; a year without a
questionnaire, another scope or an unknown format: 422 with the choices.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from eppid.organisation import selectors
from eppid.reports.readiness import (
    SCOPE_UNIT,
    readiness_default_year,
    readiness_download,
    readiness_for,
    readiness_parameters_clean,
    readiness_years,
)


@require_http_methods(["GET", "HEAD"])
def unit_readiness(request, code):
    unit = selectors.unit_get(code)
    if unit is None:
        raise Http404
    context = {"unit": unit, "years": readiness_years()}
    try:
        year, _scope, file_format = readiness_parameters_clean(
            request.GET.get("year"), request.GET.get("scope"), request.GET.get("format"), scopes=(SCOPE_UNIT,)
        )
    except ValidationError as error:
        context.update(errors=error.message_dict, page_has_errors=True, year=readiness_default_year())
        return render(request, "portal/readiness.html", context, status=422)
    readiness = readiness_for(unit, year, SCOPE_UNIT)
    if file_format:
        body, content_type, name = readiness_download(readiness, file_format)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context.update(readiness=readiness, year=year)
    return render(request, "portal/readiness.html", context)
