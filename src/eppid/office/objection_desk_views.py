"""The objection desk (decision 1698): an objection that came in by letter, by email or at the desk,
registered by the unit's staff (handle_cases, as the request desk), on a request of the unit or,
on ground b, without one. Thin: the services number, judge, sign and log it.

Registering on a request takes two steps on one URL: the request and the arrival (GET, nothing
changes), then the grounds that fitted the request when it arrived and the statement (POST). The
same copy of the form sent twice registers one objection (decision 1670).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eppid.casefiles.once import once_key
from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure import console_selectors
from eppid.objections import page_selectors as pages
from eppid.objections.services import objection_register, objection_register_periodic
from eppid.office.access import unit_permission_required
from eppid.office.objection_desk_forms import (
    ArrivalForm,
    DeskObjectionForm,
    PeriodicDeskForm,
    desk_errors_add,
)
from eppid.office.request_forms import submission_key_new
from eppid.organisation.roles import Permission

FORM_METHODS = ["GET", "HEAD", "POST"]
ARRIVAL_FIELDS = ("request", "channel", "received_date", "received_time")
KEY_USED = "idempotency_key"  # the service's field when a form's key registered other answers
KEY_USED_MESSAGE = gettext_lazy(
    "This form already registered an objection with other answers. Check the answers below and "
    "send them again to register another objection."
)


def _once(request, form):
    key = form.cleaned_data.get("submission_key") or ""
    return once_key(f"staff:{request.user.pk}", key) if key else None


def _arrival(request):
    """(form, the request found, the moment it arrived): the step-one form of this GET or POST;
    the request and moment only when the form is valid and names a request of the unit."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method != "POST" and ("received_date" not in data or "edit" in data):
        initial = {"request": data.get("request", "")}
        if "edit" in data:
            return (
                ArrivalForm(initial={**initial, **{k: data.get(k, "") for k in ARRIVAL_FIELDS}}),
                None,
                None,
            )
        return ArrivalForm(initial=initial), None, None
    form = ArrivalForm({name: data.get(name, "") for name in ARRIVAL_FIELDS})
    if not form.is_valid():
        return form, None, None
    found = console_selectors.request_get_in_unit(request.unit, form.cleaned_data["request"])
    if found is None:
        form.add_error("request", _("No request of your unit has this registration number."))
        return form, None, None
    return form, found, form.received_at()


def _registered(request, result):
    response = render(
        request,
        "office/objections/registered.html",
        {
            "unit": request.unit,
            "objection": result.objection,
            "tracking_code": result.tracking_code,
            "replayed": result.replayed,
        },
    )
    add_never_cache_headers(response)
    return response


def _refused(form, error: ValidationError, form_class, request, **kwargs):
    """The form with the service's refusal on its fields; when its key registered other answers
    before, the form again with a new key (its answers register a new objection when resent)."""
    if KEY_USED not in getattr(error, "error_dict", {}):
        desk_errors_add(form, error)
        return form
    data = request.POST.copy()
    data["submission_key"] = submission_key_new()
    again = form_class(data, request.FILES, **kwargs)
    again.is_valid()
    again.add_error(None, KEY_USED_MESSAGE)
    return again


@require_http_methods(FORM_METHODS)
@unit_permission_required(Permission.HANDLE_CASES)
def objection_new(request, code):
    """Register an objection on a request of the unit, received on paper."""
    if request.method == "POST":
        rate_limit_hit(request, "request-register")  # one desk allowance per staff user
    arrival, found, moment = _arrival(request)
    if found is None:
        return render(request, "office/objections/new.html", {"unit": request.unit, "arrival": arrival})
    overview = pages.grounds_overview(found, at=moment)
    grounds = [row for row in overview if row["open"]]
    context = {
        "unit": request.unit,
        "arrival": arrival,
        "item": found,
        "moment": moment,
        "open_grounds": grounds,
        "closed_grounds": [row for row in overview if not row["open"]],
    }
    if request.method != "POST":
        context["form"] = DeskObjectionForm(grounds=grounds)
        return render(request, "office/objections/new_grounds.html", context)
    form = DeskObjectionForm(request.POST, grounds=grounds)
    if form.is_valid():
        try:
            result = objection_register(
                unit=request.unit,
                registration_number=found.registration_number,
                ground=form.cleaned_data["ground"],
                statement=form.cleaned_data["statement"],
                channel=arrival.cleaned_data["channel"],
                received_at=moment,
                actor=request.user,
                once=_once(request, form),
            )
        except ValidationError as error:
            form = _refused(form, error, DeskObjectionForm, request, grounds=grounds)
        else:
            return _registered(request, result)
    context["form"] = form
    return render(request, "office/objections/new_grounds.html", context)


@require_http_methods(FORM_METHODS)
@unit_permission_required(Permission.HANDLE_CASES)
def objection_new_periodic(request, code):
    """Register a ground-b objection without a request (periodic information not published)."""
    if request.method == "POST":
        rate_limit_hit(request, "request-register")
        form = PeriodicDeskForm(request.POST, request.FILES)
    else:
        form = PeriodicDeskForm()
    if request.method == "POST" and form.is_valid():
        try:
            result = objection_register_periodic(
                unit=request.unit,
                actor=request.user,
                data=form.identity_data(),
                statement=form.cleaned_data["statement"],
                identity_document=form.cleaned_data["identity_document"],
                authorisation_document=form.cleaned_data["authorisation_document"],
                channel=form.cleaned_data["channel"],
                received_at=form.received_at(),
                once=_once(request, form),
            )
        except ValidationError as error:
            form = _refused(form, error, PeriodicDeskForm, request)
        else:
            return _registered(request, result)
    return render(request, "office/objections/new_periodic.html", {"unit": request.unit, "form": form})
