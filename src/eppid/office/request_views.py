"""The officer console's request pages that read: the inbox, one request, its identity papers.

Actions that change a request live in ``request_actions.py``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST

from eppid.catalog.exemption_selectors import exemption_cited_by
from eppid.catalog.released import request_publication, request_publishable
from eppid.core.pages import rows_by_keys
from eppid.disclosure import console_selectors, selectors, services
from eppid.disclosure.case_rules import request_rules
from eppid.disclosure.services.redaction import request_redactions_list
from eppid.office.access import unit_permission_required
from eppid.office.request_forms import InboxFilterForm
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import permissions_for_user

REQUESTS_PER_PAGE = 25


def unit_request_or_404(request, number: str):
    found = console_selectors.request_get_in_unit(request.unit, number)
    if found is None:
        raise Http404
    return found


def rights(user, unit) -> dict[str, bool]:
    granted = permissions_for_user(user, unit)
    return {name: user.is_superuser or name in granted for name in Permission.values}


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def inbox(request, code):
    unit = request.unit
    form = InboxFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "status": form.cleaned_data["status"] or None,
            "due_within": form.cleaned_data["due_within"],
            "overdue": form.cleaned_data["overdue"],
        }
    found = console_selectors.inbox_for_unit(unit, **filters)
    # Page the keys, then read only the page's rows (decrypting only theirs): see core.pages.
    page = Paginator(found.values_list("pk", flat=True), REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "unit": unit,
        "form": form,
        "page": page,
        "rows": console_selectors.inbox_rows(rows_by_keys(found, list(page.object_list)), unit),
        "query": query.urlencode(),
        "counts": console_selectors.inbox_counts(unit),
        "can": rights(request.user, unit),
    }
    return render(request, "office/requests/inbox.html", context)


def _detail(request, info_request, *, nik_unmasked: str | None = None, status: int = 200):
    unit = request.unit
    decision = console_selectors.request_decision(info_request)
    context = {
        "unit": unit,
        "item": info_request,
        "deadline": console_selectors.request_deadline(info_request),
        "rules": request_rules(info_request),
        "nik_masked": selectors.nik_masked(info_request.nik) if info_request.nik else "",
        "nik_unmasked": nik_unmasked,
        "events": selectors.request_timeline(info_request),
        "decision": decision,
        "released": console_selectors.released_documents(decision),
        "notice_url": console_selectors.notice_url(decision),
        "cited_test": exemption_cited_by(decision),
        "can": rights(request.user, unit),
        "redactions": request_redactions_list(info_request),
        "publication": request_publication(info_request),
        "publishable": request_publishable(info_request),
    }
    response = render(request, "office/requests/detail.html", context, status=status)
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def detail(request, code, number):
    return _detail(request, unit_request_or_404(request, number))


@require_POST
@unit_permission_required(Permission.UNMASK_PERSONAL_DATA)
def unmask(request, code, number):
    """Show the full NIK once, in this response only; the service logs who looked and when."""
    info_request = unit_request_or_404(request, number)
    if not info_request.nik:
        raise Http404
    return _detail(
        request,
        info_request,
        nik_unmasked=services.request_nik_unmask(request=info_request, actor=request.user),
    )


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type or "application/octet-stream")
    safe_name = "".join(ch for ch in filename if ch.isalnum() or ch in "._-") or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _document(request, number, document: str):
    info_request = unit_request_or_404(request, number)
    if not getattr(info_request, document):
        raise Http404
    content, content_type, filename = services.identity_document_open(
        request=info_request, actor=request.user, document=document
    )
    return _attachment(content, content_type, filename)


# The identity papers show the full NIK and address: the right to unmask the NIK opens them.
@require_http_methods(["GET"])
@unit_permission_required(Permission.UNMASK_PERSONAL_DATA)
def identity_document(request, code, number):
    """The identity scan (or deed), as a download; the service records who opened it."""
    return _document(request, number, "identity_document")


@require_http_methods(["GET"])
@unit_permission_required(Permission.UNMASK_PERSONAL_DATA)
def authorisation_document(request, code, number):
    """The power of attorney of a group's representative, as a download; recorded likewise."""
    return _document(request, number, "authorisation_document")
