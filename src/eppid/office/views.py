from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.accounts.selectors import units_with_roles
from eppid.catalog.checklist import checklist_for_unit
from eppid.disclosure.console_selectors import inbox_counts
from eppid.notifications.selectors import outbox_undelivered_counts
from eppid.objections.page_selectors import objection_counts
from eppid.office.access import unit_permission_required
from eppid.office.forms import MembershipAddForm, UnitProfileForm
from eppid.organisation import selectors, services
from eppid.organisation.charter import charter_defaults
from eppid.organisation.roles import Permission
from eppid.portal.forms import UnitSearchForm
from eppid.reports.statistics import SCOPE_TREE, statistics_for_unit
from eppid.reports.statistics_figures import statistics_headlines

UNITS_PER_PAGE = 50


def dashboard(request):
    entries = units_with_roles(request.user)
    counts = outbox_undelivered_counts(entry["unit"] for entry in entries)
    for entry in entries:
        if selectors.user_has_permission(request.user, Permission.VIEW_CASES, entry["unit"]):
            entry["undelivered"] = counts.get(entry["unit"].pk, 0)
            entry["counts"] = inbox_counts(entry["unit"])
            entry["objections"] = objection_counts(entry["unit"])
        else:
            entry["undelivered"] = 0
    return render(request, "office/dashboard.html", {"units": entries})


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_UNIT)
def unit(request, code):
    unit = request.unit
    profile = selectors.unit_profile_get(unit)
    granted = selectors.permissions_for_user(request.user, unit)
    can = {name: request.user.is_superuser or name in granted for name in Permission.values}
    return render(
        request,
        "office/unit.html",
        {
            "unit": unit,
            "profile": profile,
            "members": selectors.unit_members(unit),
            "can": can,
            "undelivered": outbox_undelivered_counts([unit]).get(unit.pk, 0) if can["view_cases"] else 0,
            "counts": inbox_counts(unit) if can[Permission.VIEW_CASES] else None,
            "objection_counts": objection_counts(unit) if can[Permission.VIEW_CASES] else None,
            # The gaps of the statutory checklist of this year (the PPID's first concern here).
            "checklist": checklist_for_unit(unit, timezone.localdate().year)
            if can[Permission.VIEW_INFORMATION]
            else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@unit_permission_required(Permission.EDIT_PROFILE)
def unit_profile(request, code):
    unit = request.unit
    profile = selectors.unit_profile_get(unit)
    if request.method == "POST":
        form = UnitProfileForm(request.POST, instance=profile)
        if form.is_valid():
            try:
                services.unit_profile_update(unit=unit, actor=request.user, data=form.data_for_service())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The PPID profile has been saved."))
                return redirect("office:unit-profile", code=unit.code)
    else:
        form = UnitProfileForm(instance=profile)
    return render(
        request,
        "office/unit_profile.html",
        {
            "unit": unit,
            "form": form,
            "charter_fields": [(form[name], text) for name, text in charter_defaults().items()],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@unit_permission_required(Permission.MANAGE_MEMBERS)
def unit_members(request, code):
    unit = request.unit
    form = MembershipAddForm()
    remove_errors: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "remove":
        try:
            membership_id = int(request.POST.get("membership", ""))
        except ValueError:
            remove_errors = [_("Choose a role to remove.")]
        else:
            try:
                services.membership_remove(unit=unit, actor=request.user, membership_id=membership_id)
            except ValidationError as error:
                remove_errors = error.messages
            else:
                messages.success(request, _("The role has been removed."))
                return redirect("office:unit-members", code=unit.code)
    elif request.method == "POST":
        form = MembershipAddForm(request.POST)
        if form.is_valid():
            try:
                membership = services.membership_add(
                    unit=unit,
                    actor=request.user,
                    username=form.cleaned_data["username"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(user)s is now %(role)s in this unit.")
                    % {"user": membership.user.username, "role": membership.get_role_display()},
                )
                return redirect("office:unit-members", code=unit.code)
    return render(
        request,
        "office/unit_members.html",
        {
            "unit": unit,
            "form": form,
            "remove_errors": remove_errors,
            "members": selectors.unit_members(unit),
            "page_has_errors": bool(remove_errors),
        },
    )


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_STATISTICS, statistics_scope=True)
def unit_statistics(request, code):
    # The same numbers as the public page and the API: this year, the unit and every unit below.
    service = statistics_for_unit(request.unit, timezone.localdate().year, SCOPE_TREE)
    return render(
        request,
        "office/unit_statistics.html",
        {
            "unit": request.unit,
            "statistics": selectors.unit_statistics(request.unit),
            "service": service,
            "service_headlines": statistics_headlines(service),
        },
    )


@require_http_methods(["GET", "HEAD"])
def units(request):
    form = UnitSearchForm(request.GET or None)
    filters = {"q": "", "level": ""}
    if form.is_bound and form.is_valid():
        filters.update({name: form.cleaned_data[name] or "" for name in filters})
    found = selectors.units_search_in_console(request.user, **filters)
    page = Paginator(found, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "office/units.html", {"form": form, "page": page, "query": query.urlencode()})
