"""Public statistics pages (issue 13 item 2): a unit, a province with its regencies, the nation.

Each page shows the numbers of ``eppid.reports.statistics.statistics_for_unit`` for a year and a
scope (GET parameters, checked by the same functions as the API), as server-made SVG charts with
their data tables, and the units below side by side in code order (never ranked). CSV and JSON
downloads carry the same numbers; no personal data anywhere.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from eppid.organisation import selectors
from eppid.reports.statistics import (
    FIRST_YEAR,
    SCOPE_TREE,
    SCOPE_UNIT,
    statistics_by_child,
    statistics_for_unit,
    statistics_scope_clean,
    statistics_year_clean,
)
from eppid.reports.statistics_figures import statistics_figures, statistics_headlines, statistics_table
from eppid.reports.tables import CSV_CONTENT_TYPE, table_csv

NATIONAL_CODE = "00"


def _unit_or_404(code: str):
    unit = selectors.unit_get(code)
    if unit is None:
        raise Http404
    return unit


def _parameters(request, has_children: bool) -> tuple[int | None, str | None, dict]:
    """(year, scope, errors): a unit with units below defaults to ``tree``."""
    errors, values = {}, {}
    default_scope = SCOPE_TREE if has_children else SCOPE_UNIT
    for name, clean, default in (
        ("year", statistics_year_clean, None),
        ("scope", statistics_scope_clean, default_scope),
    ):
        raw = request.GET.get(name, "")[:20]
        try:
            values[name] = clean(raw) if raw.strip() else clean(default)
        except ValidationError as error:
            errors.update(error.message_dict)
    return values.get("year"), values.get("scope"), errors


@require_http_methods(["GET", "HEAD"])
def unit_statistics(request, code):
    unit = _unit_or_404(code)
    has_children = unit.children.exists()
    year, scope, errors = _parameters(request, has_children)
    this_year = timezone.localdate().year
    context = {
        "unit": unit,
        "errors": errors,
        "page_has_errors": bool(errors),
        "year": year,
        "scope": scope,
        "years": range(this_year, FIRST_YEAR - 1, -1),
        "has_children": has_children,
    }
    if errors:
        return render(request, "portal/statistics.html", context, status=422)
    stats = statistics_for_unit(unit, year, scope)
    context.update(
        stats=stats,
        headlines=statistics_headlines(stats),
        figures=statistics_figures(stats),
        children=statistics_by_child(unit, year) if scope == SCOPE_TREE and context["has_children"] else [],
        query=f"year={year}&scope={scope}",
    )
    return render(request, "portal/statistics.html", context)


@require_http_methods(["GET", "HEAD"])
def national_statistics(request):
    return unit_statistics(request, NATIONAL_CODE)


@require_http_methods(["GET", "HEAD"])
def unit_statistics_download(request, code, fmt):
    if fmt not in ("csv", "json"):
        raise Http404
    unit = _unit_or_404(code)
    year, scope, errors = _parameters(request, unit.children.exists())
    if errors:
        message = " ".join(str(text) for messages in errors.values() for text in messages)
        return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    stats = statistics_for_unit(unit, year, scope)
    name = f"statistik-{unit.code}-{year}-{scope}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(table_csv(statistics_table(stats)), content_type=CSV_CONTENT_TYPE)
    else:
        body = json.dumps(stats, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
