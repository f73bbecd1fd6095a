"""Console: a unit's pending and failed signings, and the unit admin's choice of certificate."""

from __future__ import annotations

from django.shortcuts import render

from eppid.office.access import unit_permission_required
from eppid.signing.selectors import documents_unsigned


@unit_permission_required("view_cases")
def unit_documents(request, code):
    return render(
        request,
        "signing/office/documents.html",
        {"unit": request.unit, "unsigned": documents_unsigned(request.unit)},
    )


@unit_permission_required("manage_signing")
def unit_signing(request, code):
    return render(request, "signing/office/signing.html", {"unit": request.unit})
