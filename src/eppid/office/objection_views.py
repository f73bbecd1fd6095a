"""The atasan PPID's objection console: list, case page, decision, response, follow-up, dispute.

Access: the unit's case readers (view_cases) see everything read-only; deciding needs a role
granting decide_objections in this very unit (UU 14/2008 Pasal 36; the system administrator is
refused too, as in the service and the API); follow-ups and disputes need handle_cases or
decide_objections in the unit (services.common.may_handle). A foreign unit answers 404 and a
number of another unit 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eppid.disclosure.selectors import nik_masked, request_timeline
from eppid.disclosure.services import LifecycleError
from eppid.objections import page_selectors as pages
from eppid.objections import selectors
from eppid.objections.choices import ObjectionOutcome
from eppid.objections.rules import ground_of
from eppid.objections.services import (
    dispute_record,
    dispute_update,
    may_decide,
    may_handle,
    objection_decide,
    objection_followup_complete,
    objection_nik_unmask,
)
from eppid.office import objection_forms as forms
from eppid.office.access import unit_permission_required
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

PER_PAGE = 50


def _objection(request, number, may=None):
    """The unit's objection (404 otherwise); with ``may`` (may_decide, may_handle), 403 unless the
    user may act on it."""
    found = pages.objection_for_unit(request.unit, number)
    if found is None:
        raise Http404
    if may is not None and not may(request.user, request.unit):
        raise PermissionDenied
    return found


def _dispute(objection):
    try:
        return objection.dispute
    except ObjectDoesNotExist:
        return None


def _rows(unit, show: str):
    if show == "due_soon":
        return selectors.objections_for_unit(unit, due_within=pages.DUE_SOON_DAYS)
    if show == "overdue":
        return selectors.objections_for_unit(unit, overdue=True)
    if show == "followups":
        return selectors.objections_for_unit(unit, status="decided").filter(
            outcome=ObjectionOutcome.UPHELD, followup_done_at__isnull=True
        )
    if show == "all":
        return selectors.objections_for_unit(unit)
    return selectors.objections_for_unit(unit, status="received")


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_list(request, code):
    unit = request.unit
    form = forms.ListFilterForm(request.GET or None)
    show = form.cleaned_data["show"] or "open" if form.is_bound and form.is_valid() else "open"
    rows = _rows(unit, show).prefetch_related("reminders")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/objections/list.html",
        {
            "unit": unit,
            "form": form,
            "show": show,
            "page": page,
            "query": query.urlencode(),
            "counts": pages.objection_counts(unit),
            "today": timezone.localdate(),
            "filters": forms.SHOW_CHOICES,
            "can_register": user_has_permission(request.user, Permission.HANDLE_CASES, unit),
        },
    )


def _case_context(request, objection, *, nik_unmasked: str | None = None) -> dict:
    """``nik_unmasked``: the full NIK, only in the answer to the recorded unmask (POST)."""
    user = request.user
    unit = request.unit
    underlying = objection.request
    identity = underlying if underlying is not None else objection
    return {
        "unit": unit,
        "objection": objection,
        "underlying": underlying,
        "identity": identity,
        "nik": nik_masked(identity.nik) if identity.nik else "",
        "nik_unmasked": nik_unmasked,
        "may_unmask": user_has_permission(user, Permission.UNMASK_PERSONAL_DATA, unit),
        "request_timeline": request_timeline(underlying) if underlying is not None else [],
        "request_decision": _request_decision(underlying),
        "timeline": selectors.objection_timeline(objection),
        "public": pages.objection_public(objection),
        "dispute": _dispute(objection),
        "reminders": objection.reminders.order_by("sent_at"),
        "may_decide": may_decide(user, unit),
        "may_handle": may_handle(user, unit),
        "today": timezone.localdate(),
    }


def _request_decision(underlying):
    if underlying is None:
        return None
    try:
        return underlying.decision
    except ObjectDoesNotExist:
        return None


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_detail(request, code, number):
    objection = _objection(request, number)
    return render(request, "office/objections/detail.html", _case_context(request, objection))


@require_POST
@unit_permission_required(Permission.UNMASK_PERSONAL_DATA)
def objection_unmask(request, code, number):
    """Show the objector's full NIK once, in this response only; the service records the view."""
    objection = _objection(request, number)
    identity = objection.request if objection.request_id else objection
    if not identity.nik:
        raise Http404
    nik = objection_nik_unmask(objection=objection, actor=request.user)
    response = render(
        request, "office/objections/detail.html", _case_context(request, objection, nik_unmasked=nik)
    )
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_decide_view(request, code, number):
    objection = _objection(request, number, may=may_decide)
    if not objection.is_open:
        messages.info(request, _("This objection has already been decided."))
        return redirect("office:objection", code=request.unit.code, number=objection.number)
    if request.method == "POST":
        form = forms.DecisionForm(request.POST, ground=ground_of(objection))
        if form.is_valid():
            decided = _form_apply(
                form,
                lambda values: objection_decide(
                    objection=objection,
                    actor=request.user,
                    outcome=values["outcome"],
                    explanation=values["explanation"],
                ),
            )
            if decided:
                messages.success(
                    request, _("The decision is recorded and the written response is being signed.")
                )
                return redirect("office:objection-response", code=request.unit.code, number=objection.number)
    else:
        form = forms.DecisionForm(ground=ground_of(objection))
    return render(
        request,
        "office/objections/decide.html",
        {**_case_context(request, objection), "form": form},
        status=_status(form),
    )


def _form_apply(form, operation) -> bool:
    """Call ``operation`` with the valid form's data; False with its refusal shown on the form."""
    try:
        operation(form.cleaned_data)
    except ValidationError as error:
        _errors_to_form(form, error)
    except LifecycleError as error:
        form.add_error(None, str(error))
        form.conflict = True  # the case's state refuses the step: 409, as the request console answers
    else:
        return True
    return False


def _status(form) -> int:
    return 409 if getattr(form, "conflict", False) else 200


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_response(request, code, number):
    """The written response as a page (the signed PDF is linked when ready)."""
    objection = _objection(request, number)
    if objection.decided_at is None:
        raise Http404
    return render(request, "office/objections/response.html", _case_context(request, objection))


@require_http_methods(["GET", "HEAD", "POST"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_followup(request, code, number):
    objection = _objection(request, number, may=may_handle)
    if objection.outcome != ObjectionOutcome.UPHELD:
        raise Http404
    form = forms.FollowupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _form_apply(
            form,
            lambda values: objection_followup_complete(
                objection=objection, actor=request.user, note=values["note"]
            ),
        )
        if done:
            messages.success(request, _("The follow-up is marked as done."))
            return redirect("office:objection", code=request.unit.code, number=objection.number)
    return render(
        request,
        "office/objections/followup.html",
        {**_case_context(request, objection), "form": form},
        status=_status(form),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@unit_permission_required(Permission.VIEW_CASES)
def objection_dispute(request, code, number):
    """Record the dispute before the Komisi Informasi, or update it (stage, dates, results, court)."""
    objection = _objection(request, number, may=may_handle)
    dispute = _dispute(objection)
    if dispute is None and pages.dispute_info(objection) is None:
        messages.info(
            request,
            _("A dispute can be recorded once the objection is answered or its response period has passed."),
        )
        return redirect("office:objection", code=request.unit.code, number=objection.number)
    initial = {}
    if dispute is not None:
        initial = {name: getattr(dispute, name) for name in forms.DisputeForm.base_fields}
    form = forms.DisputeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save(cleaned):
            values = {key: "" if value is None else value for key, value in cleaned.items()}
            if dispute is None:
                return dispute_record(objection=objection, actor=request.user, **values)
            return dispute_update(dispute=dispute, actor=request.user, **values)

        if _form_apply(form, save):
            messages.success(request, _("The dispute is saved."))
            return redirect("office:objection", code=request.unit.code, number=objection.number)
    return render(
        request,
        "office/objections/dispute.html",
        {**_case_context(request, objection), "form": form, "dispute": dispute},
        status=_status(form),
    )
