"""The public information list: a unit's list (optionally with the units below), the national list,
one entry with its documents and history, and the documents themselves. No JavaScript anywhere.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.catalog import exemption_selectors, selectors
from eppid.catalog.choices import Category, EntryStatus
from eppid.catalog.documents import document_bytes
from eppid.core.problems import PROBLEM_CONTENT_TYPE, accept_language, problem
from eppid.core.public_cache import public_cached
from eppid.integrity.log import utc_text
from eppid.organisation import selectors as units
from eppid.portal.catalog_forms import InformationSearchForm

ENTRIES_PER_PAGE = 25
# The information text given to the request form: enough to name the entry, never a whole summary.
REQUEST_TEXT_MAX = 600
READ = ["GET", "HEAD"]


def _list_page(request, *, unit=None, template="portal/information/list.html", **extra):
    form = InformationSearchForm(
        request.GET or None, with_descendants=unit is not None and unit.children.exists()
    )
    filters = form.filters()
    below = bool(unit is not None and form.is_bound and form.is_valid() and form.cleaned_data.get("below"))
    # Words to search: the best match first, each with its words marked; otherwise newest first.
    # The information published (DIP): exempt entries only when their category is asked for.
    entries = selectors.information_search(
        unit=unit,
        include_descendants=below or unit is None,
        order="relevance",
        published_only=True,
        **filters,
    )
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    marks = selectors.search_highlights(page.object_list, filters["q"]) if filters["q"] else {}
    rows = [
        {
            "entry": entry,
            "documents": selectors.version_documents(entry.current),
            "highlight": marks.get(entry.pk),
        }
        for entry in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {
            "unit": unit,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "below": below,
            "searching": any(filters.values()),
            "ranked": bool(filters["q"]),
            "rank_window": selectors.RANK_WINDOW,
            "api_query": _api_query(unit, below, filters),
            **extra,
        },
    )


def _api_query(unit, below: bool, filters: dict) -> str:
    """The same filters for the open-data links (CSV, Atom, JSON)."""
    params = {
        "unit": unit.code if unit else "",
        "include_descendants": "true" if below else "",
        "q": filters["q"],
        "category": filters["category"],
        "year": filters["year"] or "",
        "type": filters["info_type"],
    }
    params = {key: value for key, value in params.items() if value}
    return ("?" + urlencode(params)) if params else ""


@require_http_methods(READ)
@public_cached(params=("page",))
def information(request):
    """The national page: every unit's published information."""
    return _list_page(request)


@require_http_methods(READ)
@public_cached(params=("page",))
def unit_information(request, code):
    unit = units.unit_get(code)
    if unit is None:
        raise Http404
    return _list_page(request, unit=unit)


def request_text(entry) -> str:
    """What the request form is prefilled with: the entry named so the PPID can find it."""
    version = entry.current
    text = _("%(title)s (information list of %(unit)s, number %(number)s)") % {
        "title": version.title,
        "unit": entry.unit.name,
        "number": entry.number,
    }
    return text[:REQUEST_TEXT_MAX]


@require_http_methods(READ)
@public_cached()
def information_entry(request, pk):
    entry = selectors.information_public_get(pk)
    if entry is None:
        raise Http404
    versions = selectors.entry_public_versions(entry)
    documents = [doc for version in versions for doc in selectors.version_documents(version)]
    signatures = selectors.signature_states(documents)
    withdrawn = entry.status == EntryStatus.WITHDRAWN
    # Exempt information is listed with its basis, never with its documents (contract).
    exempt = entry.current.category == Category.EXEMPT
    current_documents = [] if exempt else selectors.version_documents(entry.current)
    request_url = ""
    if not current_documents and not withdrawn and not exempt:
        request_url = (
            reverse("portal:request-start")
            + "?"
            + urlencode({"unit": entry.unit.code, "information": request_text(entry)})
        )
    return render(
        request,
        "portal/information/entry.html",
        {
            "entry": entry,
            "version": entry.current,
            "documents": [(doc, signatures[doc.pk]) for doc in current_documents],
            "exempt": exempt,
            "history": [
                {
                    "version": version,
                    "documents": [(doc, signatures[doc.pk]) for doc in selectors.version_documents(version)],
                }
                for version in versions
                if version.pk != entry.current_id and not exempt
            ],
            "withdrawn": withdrawn,
            "retractions": any(doc.retracted_at for doc in documents),
            "request_url": request_url,
            "exemption": _exemption_row(entry),
        },
        # A withdrawn entry is gone for good; its page stays to say why (RFC 9110 410 Gone).
        status=410 if withdrawn else 200,
    )


def _exemption_row(entry):
    test = exemption_selectors.exemption_for_entry(entry)
    return exemption_selectors.exempt_rows([test])[0] if test is not None else None


@require_http_methods(READ)
def information_document(request, pk, document, name):
    found = selectors.document_public_get(pk, document)
    if found is None:
        raise Http404
    if found.document is None:
        return _document_gone(request, found)
    doc = found.document
    etag = f'"{doc.sha256}"'
    # Caches ask again each time (a 304 costs nothing): a document retracted or withdrawn is
    # gone from them at once, not a day later.
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            document_bytes(doc), as_attachment=True, filename=doc.name, content_type=doc.content_type
        )
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache"
    # A PDF is never rendered as a page of ours, whatever it holds.
    response["Content-Security-Policy"] = "sandbox"
    return response


def _document_gone(request, found):
    """410 Gone: a page for people, problem+json for a client that asks for JSON (the API's items
    link documents here); a retracted document names the redacted copy that replaced it."""
    replacement = found.replacement
    copy_url = (
        reverse(
            "portal:information-document",
            kwargs={"pk": found.entry.pk, "document": replacement.pk, "name": replacement.name},
        )
        if replacement is not None
        else ""
    )
    if request.get_preferred_type(["text/html", "application/json", PROBLEM_CONTENT_TYPE]) == "text/html":
        return render(
            request,
            "portal/information/gone.html",
            {
                "entry": found.entry,
                "retracted": found.retracted,
                "replacement": replacement,
                "copy_url": copy_url,
            },
            status=410,
        )
    entry_url = reverse("portal:information-entry", kwargs={"pk": found.entry.pk})
    with translation.override(accept_language(request.headers.get("Accept-Language", ""))):
        return _gone_problem(request, found, entry_url, copy_url)


def _gone_problem(request, found, entry_url: str, copy_url: str):
    retracted, replacement = found.retracted, found.replacement
    if retracted is None and found.entry.withdrawn_at:
        detail = _("The entry this document belongs to was withdrawn: its documents are no longer served.")
    elif retracted is None:
        detail = _("The information in this entry is exempt from disclosure; its documents are not served.")
    elif retracted.replaced_by_id:
        detail = _("This document was replaced by a redacted copy and is no longer served.")
    else:
        detail = _("This document was retracted from public view: %(reason)s") % {
            "reason": retracted.retracted_reason
        }
    return problem(
        410,
        detail,
        title=_("Document not available"),
        entry=request.build_absolute_uri(entry_url),
        retracted=utc_text(retracted.retracted_at) if retracted is not None else None,
        replaced_by={
            "name": replacement.name,
            "sha256": replacement.sha256,
            "url": request.build_absolute_uri(copy_url),
        }
        if replacement is not None
        else None,
    )
