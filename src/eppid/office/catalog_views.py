"""The console's information-list pages: the unit's entries, draft, edit, publish, withdraw, new
version, the statutory checklist, and the documents of drafts. Each action is one service call.

Bad input redisplays the form with an error summary; a step the entry's state does not allow
(``CatalogError``) is shown the same way with status 409 and changes nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.catalog import exemption_selectors, selectors, services
from eppid.catalog.checklist import checklist_for_unit
from eppid.catalog.choices import EntryStatus
from eppid.catalog.documents import document_bytes
from eppid.catalog.models import EntryDocument
from eppid.catalog.services import CatalogError
from eppid.core.ids import row_id
from eppid.office.access import unit_permission_required
from eppid.office.catalog_forms import (
    ChecklistYearForm,
    EntryFilterForm,
    EntryForm,
    RetractForm,
    WithdrawForm,
)
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]
# Service field names the entry form asks for under another name.
FORM_FIELDS = {"made_on": "created", "made_place": "place", "info_type": "type"}


def _can(request) -> dict:
    user, unit = request.user, request.unit
    return {
        "draft": user_has_permission(user, Permission.DRAFT_INFORMATION, unit),
        "publish": user_has_permission(user, Permission.PUBLISH_INFORMATION, unit),
    }


def _entry_or_404(request, pk):
    entry = selectors.entry_for_console(request.unit, pk)
    if entry is None:
        raise Http404
    return entry


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = FORM_FIELDS.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _run(request, form, operation, *, success, render_page):
    """Validate, call the service, redirect with a message; or show the form with its errors."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = operation(form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        except CatalogError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, success)
            return redirect("office:catalog-entry", code=request.unit.code, pk=result.pk)
    return render_page(form, status)


def _bound(form_class, request, **kwargs):
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


@require_http_methods(READ)
@unit_permission_required(Permission.VIEW_INFORMATION)
def entries(request, code):
    form = EntryFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "office/catalog/list.html",
        {
            "unit": request.unit,
            "form": form,
            "entries": selectors.entries_for_console(request.unit, status=status)[:500],
            "counts": selectors.entry_status_counts(request.unit),
            "can": _can(request),
        },
    )


@require_http_methods(FORM)
@unit_permission_required(Permission.DRAFT_INFORMATION)
def entry_new(request, code):
    unit = request.unit

    def operation(data):
        return services.entry_draft_create(
            unit=unit, actor=request.user, data=form.data_for_service(), documents=data["documents"]
        )

    form = _bound(EntryForm, request)
    return _run(
        request,
        form,
        operation,
        success=_("The draft is saved. It is not public until the PPID publishes it."),
        render_page=lambda form, status: render(
            request,
            "office/catalog/form.html",
            {"unit": unit, "form": form, "heading": _("Draft an entry")},
            status=status,
        ),
    )


@require_http_methods(READ)
@unit_permission_required(Permission.VIEW_INFORMATION)
def entry(request, code, pk):
    item = _entry_or_404(request, pk)
    versions = selectors.entry_versions_all(item)
    signatures = selectors.signature_states(
        [doc for version in versions for doc in selectors.version_documents(version)]
    )
    return render(
        request,
        "office/catalog/entry.html",
        {
            "unit": request.unit,
            "item": item,
            "versions": [
                {"version": v, "documents": [(d, signatures[d.pk]) for d in selectors.version_documents(v)]}
                for v in versions
            ],
            "can": _can(request),
            "published": item.status == EntryStatus.PUBLISHED,
            "exemption": _exemption_row(item),
        },
    )


def _exemption_row(item):
    test = exemption_selectors.exemption_for_entry(item)
    return exemption_selectors.exempt_rows([test])[0] if test is not None else None


@require_http_methods(FORM)
@unit_permission_required(Permission.DRAFT_INFORMATION)
def entry_edit(request, code, pk):
    item = _entry_or_404(request, pk)
    if item.draft_id is None:
        messages.error(request, _("This entry has no draft to change. Start a new version first."))
        return redirect("office:catalog-entry", code=request.unit.code, pk=item.pk)
    draft = item.draft
    documents = [link.document for link in draft.links.select_related("document").defer("document__text")]

    def operation(data):
        return services.entry_draft_update(
            entry=item,
            actor=request.user,
            data=form.data_for_service(),
            documents=data["documents"],
            remove=data.get("remove") or [],
        )

    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, documents=documents)
    else:
        form = EntryForm(initial=EntryForm.initial_from(draft), documents=documents)
    return _run(
        request,
        form,
        operation,
        success=_("The draft is saved."),
        render_page=lambda form, status: render(
            request,
            "office/catalog/form.html",
            {"unit": request.unit, "item": item, "form": form, "heading": _("Change the draft")},
            status=status,
        ),
    )


def _confirm(
    request, pk, *, operation, heading, intro, button, success, template="office/catalog/confirm.html"
):
    item = _entry_or_404(request, pk)
    form = _bound(forms.Form, request)
    return _run(
        request,
        form,
        lambda data: operation(item, data),
        success=success,
        render_page=lambda form, status: render(
            request,
            template,
            {
                "unit": request.unit,
                "item": item,
                "form": form,
                "heading": heading,
                "intro": intro,
                "button": button,
            },
            status=status,
        ),
    )


@require_http_methods(FORM)
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def entry_publish(request, code, pk):
    return _confirm(
        request,
        pk,
        operation=lambda item, data: services.entry_publish(entry=item, actor=request.user),
        heading=_("Publish"),
        intro=_(
            "Publishing puts this version in the public list at once, with its documents. An earlier "
            "version stays listed as an earlier version."
        ),
        button=_("Publish"),
        success=_("Published: the entry is in the public list."),
    )


@require_http_methods(FORM)
@unit_permission_required(Permission.DRAFT_INFORMATION)
def entry_new_version(request, code, pk):
    return _confirm(
        request,
        pk,
        operation=lambda item, data: services.entry_version_start(entry=item, actor=request.user),
        heading=_("Start a new version"),
        intro=_(
            "A new version starts as a draft with the current content and documents. The public keeps "
            "seeing the current version until the PPID publishes the new one."
        ),
        button=_("Start a new version"),
        success=_("A new version is drafted: change it, then the PPID publishes it."),
    )


def _with_reason(request, item, form_class, operation, *, success, heading, intro, button):
    """A warning page whose form asks for the reason the public will read (withdraw, retract)."""
    form = _bound(form_class, request)
    return _run(
        request,
        form,
        operation,
        success=success,
        render_page=lambda form, status: render(
            request,
            "office/catalog/confirm.html",
            {
                "unit": request.unit,
                "item": item,
                "form": form,
                "heading": heading,
                "intro": intro,
                "button": button,
                "warning": True,
            },
            status=status,
        ),
    )


@require_http_methods(FORM)
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def entry_withdraw(request, code, pk):
    item = _entry_or_404(request, pk)
    return _with_reason(
        request,
        item,
        WithdrawForm,
        lambda data: services.entry_withdraw(entry=item, actor=request.user, reason=data["reason"]),
        success=_("The entry is withdrawn. Its page says why."),
        heading=_("Withdraw the entry"),
        intro=_(
            "The entry leaves the public list and its documents are no longer served. Its page "
            "stays and shows your reason. Withdrawal cannot be undone."
        ),
        button=_("Withdraw the entry"),
    )


def _document_or_404(item, document) -> EntryDocument:
    doc = (
        EntryDocument.objects.defer("text").filter(pk=document, entry=item).first()
        if row_id(document)
        else None
    )
    if doc is None:
        raise Http404
    return doc


@require_http_methods(FORM)
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def entry_document_retract(request, code, pk, document):
    item = _entry_or_404(request, pk)
    doc = _document_or_404(item, document)

    def operation(data):
        services.entry_document_retract(
            entry=item, document_id=doc.pk, actor=request.user, reason=data["reason"]
        )
        return item

    return _with_reason(
        request,
        item,
        RetractForm,
        operation,
        success=_("The document is retracted: it is listed without a link and no longer served."),
        heading=_("Retract a document from public view"),
        intro=_(
            "%(name)s stops being served at once and is listed without a link, with your "
            "reason; the entry and its other documents stay public. Staff keep the document "
            "here. A retraction cannot be undone."
        )
        % {"name": doc.name},
        button=_("Retract the document"),
    )


@require_http_methods(READ)
@unit_permission_required(Permission.VIEW_INFORMATION)
def entry_document(request, code, pk, document):
    item = _entry_or_404(request, pk)
    doc = _document_or_404(item, document)
    return FileResponse(
        document_bytes(doc), as_attachment=True, filename=doc.name, content_type=doc.content_type
    )


@require_http_methods(READ)
@unit_permission_required(Permission.VIEW_INFORMATION)
def checklist(request, code):
    form = ChecklistYearForm(request.GET or None)
    year = form.year_or_current()
    return render(
        request,
        "office/catalog/checklist.html",
        {
            "unit": request.unit,
            "form": form,
            "checklist": checklist_for_unit(request.unit, year),
            "can": _can(request),
        },
    )
