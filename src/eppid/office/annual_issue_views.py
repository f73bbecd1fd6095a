"""The PPID's actions on the annual report page (``publish_information`` of the unit itself).

Narratives (POST): the four narrative sections are stored (``annual_narrative_save``). Issue
(POST): the report is signed, its tables stored and it is published as a setiap-saat entry of the
unit's list (``annual_report_publish``; synchronous: about 1.5 s for a unit, 2 to 3.5 s for the
national roll-up at 20,000 to 100,000 requests, bench/annual_issue_bench.py). Publish (POST): an
issue whose signature came later. Sent (POST): the record that an issue went to the Komisi
Informasi. Files (GET, whoever may read the report): the signed PDF, the XLSX, the CSV, or all
three as a ZIP package.

A refused POST shows the page again with the errors beside the fields (422) and changes nothing;
an issue refused (the year not over, a narrative section empty) shows its reasons in the error
summary, each empty section's beside its field in the narratives form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eppid.catalog.services import CatalogError
from eppid.office.access import unit_permission_required
from eppid.office.annual_forms import NarrativeForm, SentForm
from eppid.office.annual_views import _period, annual_page_context
from eppid.organisation.roles import Permission
from eppid.reports.annual_issue import (
    NARRATIVE_FIELDS,
    annual_file_name,
    annual_issue_get,
    annual_issue_publish,
    annual_narrative_get,
    annual_narrative_save,
    annual_package,
    annual_report_publish,
    annual_submission_record,
)
from eppid.reports.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

TEMPLATE = "office/annual_report.html"


def _page_url(unit, year, scope) -> str:
    page = reverse("office:annual-report", kwargs={"code": unit.code})
    return f"{page}?{urlencode({'year': year, 'scope': scope})}"


def _period_or_422(request):
    form = _period(request.POST, defaults=False, unit=request.unit)
    if not form.is_valid():
        return None, render(
            request, TEMPLATE, {"unit": request.unit, "form": form, "error_form": form}, status=422
        )
    return (form.cleaned_data["year"], form.cleaned_data["scope"] or "unit"), None


def _refused(request, year, scope, form, error: ValidationError | None, name: str):
    for field, problems in (error.message_dict if error is not None else {}).items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
    context = annual_page_context(request, request.unit, year, scope, error_form=form, **{name: form})
    return render(request, TEMPLATE, context, status=422)


@require_POST
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def annual_narrative_view(request, code):
    period, refused = _period_or_422(request)
    if refused:
        return refused
    year, scope = period
    form = NarrativeForm(request.POST)
    if not form.is_valid():  # the form's rule is the service's (core.text); the service checks again
        return _refused(request, year, scope, form, None, "narrative_form")
    try:
        annual_narrative_save(
            unit=request.unit, year=year, scope=scope, data=request.POST, actor=request.user
        )
    except ValidationError as error:
        return _refused(request, year, scope, form, error, "narrative_form")
    messages.success(
        request, _("The narrative sections are saved. They appear in the report when it is issued.")
    )
    return redirect(_page_url(request.unit, year, scope) + "#narratives")


@require_POST
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def annual_report_issue_view(request, code):
    period, refused = _period_or_422(request)
    if refused:
        return refused
    year, scope = period
    try:
        issue = annual_report_publish(unit=request.unit, year=year, scope=scope, actor=request.user)
    except ValidationError as error:
        # The year still runs or a narrative section is empty: the page again, each empty section's
        # error beside its field (the stored text kept), the year's in the error summary.
        stored = annual_narrative_get(request.unit, year, scope)
        form = NarrativeForm({key: getattr(stored, key, "") for key in NARRATIVE_FIELDS})
        return _refused(request, year, scope, form, error, "narrative_form")
    if issue.entry_id is not None:
        messages.success(
            request,
            _(
                "The annual report %(year)s is issued (version %(version)s), signed as document %(code)s "
                "and published in the information list."
            )
            % {"year": year, "version": issue.version, "code": issue.document.code_display},
        )
    else:
        messages.warning(
            request,
            _(
                "The report is registered as document %(code)s and will be signed as soon as the signer "
                "is available; publish it here once it is signed."
            )
            % {"code": issue.document.code_display},
        )
    return redirect(_page_url(request.unit, year, scope) + "#issues")


def _issue_or_404(request, pk):
    issue = annual_issue_get(request.unit, pk)
    if issue is None:
        raise Http404
    return issue


@require_POST
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def annual_issue_publish_view(request, code, pk):
    issue = _issue_or_404(request, pk)
    try:
        annual_issue_publish(issue=issue, actor=request.user)
    except CatalogError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The annual report is published in the information list."))
    return redirect(_page_url(request.unit, issue.year, issue.scope) + "#issues")


@require_POST
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def annual_issue_sent_view(request, code, pk):
    issue = _issue_or_404(request, pk)
    form = SentForm(request.POST)
    if not form.is_valid():
        return _refused(request, issue.year, issue.scope, form, None, "sent_form")
    try:
        annual_submission_record(issue=issue, data=request.POST, actor=request.user)
    except ValidationError as error:
        return _refused(request, issue.year, issue.scope, form, error, "sent_form")
    except CatalogError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: the report was sent to the Information Commission."))
    return redirect(_page_url(request.unit, issue.year, issue.scope) + "#send")


FILES = {
    "pdf": "application/pdf",
    "xlsx": XLSX_CONTENT_TYPE,
    "csv": CSV_CONTENT_TYPE,
    "zip": "application/zip",
}


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_STATISTICS, statistics_scope=True)
def annual_issue_file(request, code, pk, kind):
    issue = _issue_or_404(request, pk)
    if kind not in FILES:
        raise Http404
    if kind in ("pdf", "zip") and not issue.document.copy_available:
        raise Http404
    if kind == "pdf":
        body = issue.document.signed_pdf()
    elif kind == "zip":
        body = annual_package(issue)
    else:
        field = issue.xlsx if kind == "xlsx" else issue.csv
        response = FileResponse(field.open("rb"), content_type=FILES[kind])
        response["Content-Disposition"] = f'attachment; filename="{annual_file_name(issue, kind)}"'
        return response
    response = HttpResponse(body, content_type=FILES[kind])
    response["Content-Disposition"] = f'attachment; filename="{annual_file_name(issue, kind)}"'
    return response
