"""The officer console's actions on requests: each a form page, POST with CSRF, one service call.

Bad input redisplays the form with an error summary; a state conflict (``LifecycleError``, for
example a second extension) is shown the same way with status 409 and changes nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eppid.casefiles.once import once_key
from eppid.catalog.exemption_citations import request_decide_citing
from eppid.catalog.exemption_selectors import exemption_cited_by, exemptions_citable
from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure import console_selectors, services
from eppid.disclosure.case_rules import request_rules
from eppid.disclosure.choices import OUTCOMES_NEEDING_BASIS
from eppid.disclosure.services import LifecycleError
from eppid.disclosure.services.redaction import request_redactions_pending
from eppid.law.selectors import citation_text
from eppid.office.access import unit_permission_required
from eppid.office.request_forms import (
    DecideForm,
    ExtendForm,
    ForwardForm,
    RegisterForm,
    WithdrawForm,
    submission_key_new,
)
from eppid.office.request_views import unit_request_or_404
from eppid.organisation.roles import Permission

FORM_METHODS = ["GET", "HEAD", "POST"]
# Service field names that the console's forms ask for under another name.
SERVICE_FIELDS = {"received_at": "received_date", "unit_code": "unit"}


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = SERVICE_FIELDS.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _action_page(request, info_request, form, *, template: str, status: int = 200, **extra):
    context = {
        "unit": request.unit,
        "item": info_request,
        "form": form,
        "deadline": console_selectors.request_deadline(info_request) if info_request else None,
        "rules": request_rules(info_request) if info_request else None,
        **extra,
    }
    return render(request, template, context, status=status)


def _run(request, info_request, form, operation, *, template: str, success: str, warning=None, **extra):
    """Validate, call the service, redirect with a message (and ``warning(result)``'s, if any); or
    show the form with its errors."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = operation(form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except LifecycleError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, success(result) if callable(success) else str(success))
            if warning is not None and (text := warning(result)):
                messages.warning(request, text)
            return redirect("office:request", code=request.unit.code, number=info_request.registration_number)
    return _action_page(request, info_request, form, template=template, status=status, **extra)


def _form(form_class, request, **kwargs):
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


def _action(name: str, form_class, operation, *, heading, success, form_kwargs=None, warning=None):
    """One console action on a request: the form page ``office/requests/<name>.html`` whose valid
    POST calls ``operation(info_request, user, cleaned_data)`` (one service) and says ``success``
    (a text, or a callable of the service's result) and ``warning(result)`` when it says something."""

    def view(request, code, number):
        info_request = unit_request_or_404(request, number)
        kwargs = form_kwargs(request, info_request) if form_kwargs else {}
        return _run(
            request,
            info_request,
            _form(form_class, request, **kwargs),
            lambda data: operation(info_request, request.user, data),
            template=f"office/requests/{name}.html",
            heading=heading,
            success=success,
            warning=warning,
        )

    view.__name__ = view.__qualname__ = name
    return require_http_methods(FORM_METHODS)(unit_permission_required(Permission.HANDLE_CASES)(view))


start = _action(
    "start",
    forms.Form,
    lambda item, actor, data: services.request_start(request=item, actor=actor),
    heading=gettext_lazy("Start processing"),
    success=gettext_lazy("Processing has started. The due date is unchanged."),
)

extend = _action(
    "extend",
    ExtendForm,
    lambda item, actor, data: services.request_extend(request=item, actor=actor, reason=data["reason"]),
    heading=gettext_lazy("Extend the due date"),
    success=lambda result: (
        _("The due date has been extended by %(days)s working days, to %(due)s. The requester is told.")
        % {"days": request_rules(result).terms.extension_days, "due": date_format(result.due_date, "j F Y")}
    ),
)

withdraw = _action(
    "withdraw",
    WithdrawForm,
    lambda item, actor, data: services.request_withdraw(request=item, actor=actor, note=data["note"]),
    heading=gettext_lazy("Withdraw the request"),
    success=gettext_lazy("The request has been withdrawn."),
)

forward = _action(
    "forward",
    ForwardForm,
    lambda item, actor, data: services.request_forward(
        request=item, actor=actor, unit_code=data["unit"], reason=data["reason"]
    ),
    heading=gettext_lazy("Forward to another unit"),
    success=lambda new: (
        _("The request has been forwarded to %(unit)s as %(number)s. The requester is told.")
        % {"unit": new.unit.name, "number": new.registration_number}
    ),
    form_kwargs=lambda request, item: {"current_unit": request.unit},
)


def _decide(info_request, actor, data):
    values = {
        "request": info_request,
        "actor": actor,
        "outcome": data["outcome"],
        "explanation": data["explanation"],
        "exemption_basis": data["exemption_basis"] or "",
        "held_by": data["held_by"],
        "material": data["material"],
        "redactions": data["redactions"],
        "fee_rupiah": data["fee_rupiah"] or 0,
        "documents": data["documents"],
        "redacted": data.get("redacted") or (),
    }
    if data.get("exemption"):
        return request_decide_citing(exemption=data["exemption"], **values)
    return services.request_decide(**values)


def _untested(decision) -> str:
    """A refusal recorded without citing a consequence test: the duty to test, from the law's data.
    The contract keeps the exempt entry optional, so this warns and never blocks."""
    if decision.outcome not in OUTCOMES_NEEDING_BASIS or exemption_cited_by(decision) is not None:
        return ""
    return _(
        "This decision withholds information without citing a consequence test. The PPID must test "
        "the consequences of opening information before withholding it (%(basis)s): hold the test "
        "in the information list and keep its signed sheet with the case. The notice states the "
        "legal basis only."
    ) % {"basis": citation_text("consequence_duty")}


decide = _action(
    "decide",
    DecideForm,
    _decide,
    heading=gettext_lazy("Decide the request"),
    success=gettext_lazy("The decision is recorded and the written notice issued. The requester is told."),
    warning=_untested,
    form_kwargs=lambda request, item: {
        "exemptions": list(exemptions_citable(request.unit)),
        "redacted_copies": request_redactions_pending(item),
    },
)


def _register_once(request, form):
    """The filing key of this copy of the form (made when it was shown), in the staff user's scope;
    None for a form sent without one (filed as before, without the guard)."""
    key = form.cleaned_data.get("submission_key") or ""
    return once_key(f"staff:{request.user.pk}", key) if key else None


def _form_with_new_key(request) -> RegisterForm:
    """The sent form again with a new key: its answers register a new request when sent again."""
    data = request.POST.copy()
    data["submission_key"] = submission_key_new()
    form = RegisterForm(data, request.FILES)
    form.is_valid()
    return form


@require_http_methods(FORM_METHODS)
@unit_permission_required(Permission.HANDLE_CASES)
def register(request, code):
    """Desk registration. The same copy of the form sent twice (a double click, a resent page)
    shows the request its first sending registered, never a second one (decision 1670)."""
    if request.method == "POST":
        # One allowance per staff user, shared with POST /api/v1/staff/requests.
        rate_limit_hit(request, "request-register")
    form = _form(RegisterForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.request_submit(
                data=form.data_for_service(request.unit.code),
                identity_document=form.cleaned_data["identity_document"],
                authorisation_document=form.cleaned_data["authorisation_document"],
                channel=form.cleaned_data["channel"],
                received_at=form.received_at(),
                actor=request.user,
                once=_register_once(request, form),
            )
        except ValidationError as error:
            if "idempotency_key" in getattr(error, "error_dict", {}):
                form = _form_with_new_key(request)
                form.add_error(
                    None,
                    _(
                        "This form already registered a request with other answers. Check the "
                        "answers below and send them again to register another request."
                    ),
                )
            else:
                _add_service_errors(form, error)
        else:
            response = render(
                request,
                "office/requests/registered.html",
                {
                    "unit": request.unit,
                    "item": result.request,
                    "tracking_code": result.tracking_code,
                    "replayed": result.replayed,
                },
            )
            add_never_cache_headers(response)
            return response
    return render(request, "office/requests/register.html", {"unit": request.unit, "form": form})
