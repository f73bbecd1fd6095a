"""The public exempt list (Daftar Informasi yang Dikecualikan) of a unit: for each exemption its
basis, consequence and period, and the signed papers; never the content. Below it, the
announcements of exemptions that ended (the information is open on request since)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from eppid.catalog import exemption_selectors
from eppid.organisation import selectors as units

READ = ["GET", "HEAD"]
ENDED_SHOWN = 50


@require_http_methods(READ)
def unit_exemptions(request, code):
    unit = units.unit_get(code)
    if unit is None:
        raise Http404
    return render(
        request,
        "portal/information/exemptions.html",
        {
            "unit": unit,
            "rows": exemption_selectors.exempt_rows(exemption_selectors.exemptions_in_force(unit)),
            "ended": exemption_selectors.exempt_rows(
                exemption_selectors.exemptions_ended(unit)[:ENDED_SHOWN]
            ),
        },
    )
