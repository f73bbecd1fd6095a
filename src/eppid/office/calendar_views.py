"""The working-day calendar in the console: holidays, closure days, deadline rule sets.

Everyone on the staff reads it; closures are added and removed by a system administrator (for
all units or any one) or a unit administrator (``manage_closures``, their own units only).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.law import holiday_source
from eppid.law import selectors as law_selectors
from eppid.law.services import closure_day_add, closure_day_remove
from eppid.office.calendar_forms import ClosureDayForm
from eppid.organisation import selectors as org_selectors


def _moved(count: int) -> str:
    return ngettext(
        "%(count)d deadline moved.",
        "%(count)d deadlines moved.",
        count,
    ) % {"count": count}


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _require_staff(request) -> None:
    if not org_selectors.user_is_staff_member(request.user):
        raise PermissionDenied


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


@require_http_methods(["GET"])
def calendar(request):
    _require_staff(request)
    user = request.user
    today = timezone.localdate()
    end = date(today.year + 1, 12, 31)
    closures = list(
        law_selectors.closure_days_upcoming(unit_codes=org_selectors.unit_codes_visible_to(user), start=today)
    )
    names = org_selectors.unit_names({closure.unit_code for closure in closures if closure.unit_code})
    rows = [
        {
            "closure": closure,
            "unit_name": names.get(closure.unit_code, closure.unit_code) if closure.unit_code else None,
            "can_remove": org_selectors.user_may_manage_closures(user, closure.unit_code),
        }
        for closure in closures
    ]
    can_add = user.is_superuser or org_selectors.units_managing_closures(user).exists()
    context = {
        "today": today,
        "end": end,
        "holidays": holiday_source.holidays_between(today, end, _language()),
        "years_without_joint_leave": holiday_source.years_without_joint_leave(today, end),
        "closures": rows,
        "can_add": can_add,
    }
    return render(request, "office/calendar/index.html", context)


@require_http_methods(["GET", "POST"])
def closure_add(request):
    _require_staff(request)
    user = request.user
    units = list(org_selectors.units_managing_closures(user))
    if not (user.is_superuser or units):
        raise PermissionDenied
    initial = {"unit": units[0].code} if len(units) == 1 and not user.is_superuser else None
    form = ClosureDayForm(
        request.POST if request.method == "POST" else None,
        units=units,
        allow_all_units=user.is_superuser,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            closure = closure_day_add(
                actor=user,
                day=form.cleaned_data["date"],
                unit_code=form.unit_code(),
                reason=form.cleaned_data["reason"],
                may_manage=org_selectors.user_may_manage_closures,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            added = _("Closure day added: %(date)s.") % {"date": _day(closure.date)}
            messages.success(request, f"{added} {_moved(closure.deadlines_moved)}")
            return redirect("office:calendar")
    return render(request, "office/calendar/closure_add.html", {"form": form})


@require_http_methods(["GET", "POST"])
def closure_remove(request, pk: int):
    _require_staff(request)
    user = request.user
    closure = law_selectors.closure_day_get(pk, unit_codes=org_selectors.unit_codes_visible_to(user))
    if closure is None:
        raise Http404
    if not org_selectors.user_may_manage_closures(user, closure.unit_code):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            moved = closure_day_remove(
                actor=user, closure=closure, may_manage=org_selectors.user_may_manage_closures
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            removed = _("Closure day removed: %(date)s.") % {"date": _day(closure.date)}
            messages.success(request, f"{removed} {_moved(moved)}")
            return redirect("office:calendar")
    unit = org_selectors.unit_get(closure.unit_code) if closure.unit_code else None
    context = {"closure": closure, "unit": unit, "error": error, "page_has_errors": bool(error)}
    return render(request, "office/calendar/closure_remove.html", context, status=409 if error else 200)


@require_http_methods(["GET"])
def rules(request):
    _require_staff(request)
    today = timezone.localdate()
    context = {
        "rule_sets": law_selectors.rule_sets_list(),
        "in_force": list(law_selectors.rule_sets_in_force(today).values()),
        "today": today,
    }
    return render(request, "office/calendar/rules.html", context)
