"""Readiness for the yearly assessment in the console (issue 13 item 5).

``view_statistics`` with statistics flowing up: the unit's own staff and those of the units above
it (a province sees its regencies, Bawaslu RI every unit). ``?year=`` a year with a questionnaire,
``?scope=tree`` the roll-up, ``?format=csv|pdf`` the evidence binder; anything else answers 422
with the choices.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eppid.office.access import unit_permission_required
from eppid.organisation import selectors as org_selectors
from eppid.organisation.roles import Permission
from eppid.reports.readiness import (
    SCOPE_TREE,
    SCOPE_UNIT,
    SCOPES,
    readiness_binder_issue,
    readiness_default_year,
    readiness_download,
    readiness_for,
    readiness_parameters_clean,
    readiness_year_clean,
    readiness_years,
)
from eppid.signing.selectors import document_url


def binder_response(readiness, file_format: str) -> HttpResponse:
    body, content_type, name = readiness_download(readiness, file_format)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_STATISTICS, statistics_scope=True)
def readiness_page(request, code):
    unit = request.unit
    context = {"unit": unit, "years": readiness_years(), "has_children": unit.children.exists()}
    try:
        year, scope, file_format = readiness_parameters_clean(
            request.GET.get("year"), request.GET.get("scope"), request.GET.get("format")
        )
    except ValidationError as error:
        context.update(
            errors=error.message_dict, page_has_errors=True, year=readiness_default_year(), scope=SCOPE_UNIT
        )
        return render(request, "office/readiness.html", context, status=422)
    readiness = readiness_for(unit, year, scope)
    if file_format:
        return binder_response(readiness, file_format)
    context.update(
        readiness=readiness,
        year=year,
        scope=scope,
        tree=scope == SCOPE_TREE,
        may_issue=org_selectors.user_has_permission(request.user, Permission.PUBLISH_INFORMATION, unit),
    )
    return render(request, "office/readiness.html", context)


@require_POST
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def readiness_issue(request, code):
    """The PPID of this unit signs the binder; the signed PDF is then served by its capability URL."""
    unit = request.unit
    year = readiness_year_clean(request.POST.get("year", "")[:10])
    scope = request.POST.get("scope", "")
    page = reverse("office:readiness", kwargs={"code": unit.code})
    if year is None or scope not in SCOPES:
        messages.error(request, _("Choose a year that has a questionnaire, and the units, then sign again."))
        return redirect(page)
    document = readiness_binder_issue(unit, year, scope)
    if document.copy_available:
        return redirect(document_url(document))
    messages.warning(
        request,
        _(
            "The binder is registered as document %(code)s and will be signed as soon as the signer "
            "is available."
        )
        % {"code": document.code_display},
    )
    return redirect(f"{page}?{urlencode({'year': year, 'scope': scope})}")
