"""Election periods in the console (law.ElectionPeriod): list, declare, end early, remove.

Everyone on the staff reads the periods that apply to their units; a system administrator
declares national periods or any unit's, a unit administrator (``manage_election_periods``)
their own units' (a period covers the unit and every unit below it). A request for election
information received while a period covers its unit follows the election rule set.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.law import selectors as law_selectors
from eppid.law.models import Regime
from eppid.law.services import election_period_add, election_period_end, election_period_remove
from eppid.law.terms import terms_in_force
from eppid.office.calendar_forms import ElectionPeriodEndForm, ElectionPeriodForm
from eppid.organisation import selectors as org_selectors

may_manage = org_selectors.user_may_manage_election_periods


def _require_staff(request) -> None:
    if not org_selectors.user_is_staff_member(request.user):
        raise PermissionDenied


def _period_or_404(request, pk: int):
    period = law_selectors.election_period_get(
        pk, unit_codes=org_selectors.unit_codes_visible_to(request.user)
    )
    if period is None:
        raise Http404
    return period


def _unit_name(period) -> str | None:
    if period.unit_code is None:
        return None
    return org_selectors.unit_names({period.unit_code}).get(period.unit_code, period.unit_code)


@require_http_methods(["GET"])
def periods(request):
    _require_staff(request)
    user = request.user
    today = timezone.localdate()
    found = law_selectors.election_periods_visible(org_selectors.unit_codes_visible_to(user), since=today)
    names = org_selectors.unit_names({period.unit_code for period in found if period.unit_code})
    rows = [
        {
            "period": period,
            "unit_name": names.get(period.unit_code, period.unit_code) if period.unit_code else None,
            "running": period.starts_on <= today <= period.ends_on,
            "can_manage": may_manage(user, period.unit_code),
            "can_remove": period.starts_on > today,
        }
        for period in found
    ]
    context = {
        "rows": rows,
        "today": today,
        "can_add": user.is_superuser or org_selectors.units_managing_election_periods(user).exists(),
        "election": terms_in_force(today, Regime.ELECTION),
    }
    return render(request, "office/calendar/elections.html", context)


@require_http_methods(["GET", "POST"])
def period_add(request):
    _require_staff(request)
    user = request.user
    units = list(org_selectors.units_managing_election_periods(user))
    if not (user.is_superuser or units):
        raise PermissionDenied
    initial = {"unit": units[0].code} if len(units) == 1 and not user.is_superuser else None
    form = ElectionPeriodForm(
        request.POST if request.method == "POST" else None,
        units=units,
        allow_all_units=user.is_superuser,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = election_period_add(
                actor=user,
                name=form.cleaned_data["name"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                unit_code=form.unit_code(),
                basis=form.cleaned_data["basis"],
                may_manage=may_manage,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Election period declared: %(name)s.") % {"name": period.name})
            return redirect("office:calendar-elections")
    return render(request, "office/calendar/election_add.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def period_end(request, pk: int):
    _require_staff(request)
    period = _period_or_404(request, pk)
    if not may_manage(request.user, period.unit_code):
        raise PermissionDenied
    form = ElectionPeriodEndForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            election_period_end(
                actor=request.user,
                period=period,
                last_day=form.cleaned_data["ends_on"],
                may_manage=may_manage,
            )
        except ValidationError as error:
            _add_errors(form, error)
            status = 409 if getattr(error, "code", None) in ("past", "gone") else 200
        else:
            messages.success(request, _("Election period ended early: %(name)s.") % {"name": period.name})
            return redirect("office:calendar-elections")
    context = {"period": period, "unit_name": _unit_name(period), "form": form}
    return render(request, "office/calendar/election_end.html", context, status=status)


@require_http_methods(["GET", "POST"])
def period_remove(request, pk: int):
    _require_staff(request)
    period = _period_or_404(request, pk)
    if not may_manage(request.user, period.unit_code):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            election_period_remove(actor=request.user, period=period, may_manage=may_manage)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Election period removed: %(name)s.") % {"name": period.name})
            return redirect("office:calendar-elections")
    context = {
        "period": period,
        "unit_name": _unit_name(period),
        "error": error,
        "page_has_errors": bool(error),
    }
    return render(request, "office/calendar/election_remove.html", context, status=409 if error else 200)
