"""The console's redaction pages: a document of an entry's draft (replaced by its redacted copy),
and a document to release on a request (kept as a redacted copy until the decision sends it).

Bad input redisplays the form with an error summary and changes nothing; a step the record's
state does not allow is shown the same way with status 409.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.catalog import selectors
from eppid.catalog.documents import document_bytes
from eppid.catalog.redaction import draft_document_link, entry_document_redact
from eppid.catalog.retraction import document_published
from eppid.catalog.services import CatalogError
from eppid.core.ids import row_id
from eppid.core.pdf_redact import page_sizes_mm
from eppid.disclosure.services import LifecycleError
from eppid.disclosure.services import redaction as disclosure_redaction
from eppid.office.access import unit_permission_required
from eppid.office.redaction_forms import RedactionForm, RequestRedactionForm
from eppid.office.request_views import unit_request_or_404
from eppid.organisation.roles import Permission

FORM = ["GET", "HEAD", "POST"]


def errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _sizes(content: bytes) -> list[tuple[int, int, int]]:
    try:
        return [(number, width, height) for number, (width, height) in enumerate(page_sizes_mm(content), 1)]
    except ValidationError:
        return []


@require_http_methods(FORM)
@unit_permission_required(Permission.DRAFT_INFORMATION)
def catalog_document_redact(request, code, pk, document):
    item = selectors.entry_for_console(request.unit, pk)
    link = draft_document_link(item, document) if item is not None and row_id(document) else None
    if link is None:
        raise Http404
    doc = link.document
    status = 200
    form = RedactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry_document_redact(
                entry=item,
                document_id=doc.pk,
                actor=request.user,
                areas=form.cleaned_data["areas"],
                terms=form.cleaned_data["terms"],
                ground=form.cleaned_data["ground"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except CatalogError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(
                request,
                _(
                    "The redacted copy replaces the document in the draft. Download it and check it "
                    "before publishing."
                ),
            )
            return redirect("office:catalog-entry", code=request.unit.code, pk=item.pk)
    with document_bytes(doc) as handle:
        sizes = _sizes(handle.read())
    return render(
        request,
        "office/redaction/form.html",
        {
            "unit": request.unit,
            "form": form,
            "heading": _("Redact a document"),
            "document_name": doc.name,
            "sizes": sizes,
            "back_url": reverse("office:catalog-entry", kwargs={"code": request.unit.code, "pk": item.pk}),
            "back_label": _("Cancel and go back to the entry"),
            "multipart": False,
            # The original is public in an earlier version until the copy is published.
            "public_original": document_published(doc) and doc.retracted_at is None,
        },
        status=status,
    )


@require_http_methods(FORM)
@unit_permission_required(Permission.HANDLE_CASES)
def request_document_redact(request, code, number):
    info_request = unit_request_or_404(request, number)
    back = reverse(
        "office:request", kwargs={"code": request.unit.code, "number": info_request.registration_number}
    )
    status = 200
    form = RequestRedactionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            redaction = disclosure_redaction.request_document_redact(
                request=info_request,
                actor=request.user,
                document=form.cleaned_data["document"],
                areas=form.cleaned_data["areas"],
                terms=form.cleaned_data["terms"],
                ground=form.cleaned_data["ground"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except LifecycleError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(
                request,
                _(
                    "The redacted copy %(name)s is kept with the request. Download it and check it: the "
                    "decision sends it to the requester."
                )
                % {"name": redaction.name},
            )
            return redirect(back)
    return render(
        request,
        "office/redaction/form.html",
        {
            "unit": request.unit,
            "form": form,
            "heading": _("Redact a PDF to send"),
            "document_name": info_request.registration_number,
            "sizes": [],
            "back_url": back,
            "back_label": _("Cancel and go back to the request"),
            "multipart": True,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def request_redaction(request, code, number, pk):
    info_request = unit_request_or_404(request, number)
    redaction = disclosure_redaction.request_redaction_get(info_request, pk)
    if redaction is None:
        raise Http404
    response = FileResponse(
        redaction.file.storage.open(redaction.file.name, "rb"),
        as_attachment=True,
        filename=redaction.name,
        content_type="application/pdf",
    )
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response
