from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from eppid.catalog.selectors import information_urgent
from eppid.core.public_cache import public_cached
from eppid.core.text import text_clean
from eppid.integrity.checkpoints import checkpoint_latest
from eppid.integrity.note import verifier_key
from eppid.law.models import Regime
from eppid.law.terms import terms_in_force
from eppid.organisation import selectors
from eppid.organisation.charter import charter_items, statutory_deadlines
from eppid.organisation.models import Unit
from eppid.portal.forms import UnitSearchForm
from eppid.portal.subscription_views import SubscribeForm

UNITS_PER_PAGE = 50


@public_cached()
def home(request):
    # The numbers of working days the page states are those of the rules in force today.
    context = {
        "deadlines": statutory_deadlines(),
        "election": terms_in_force(regime=Regime.ELECTION),
        "urgent": information_urgent(),
    }
    return render(request, "portal/home.html", context)


@public_cached(params=("page",))
def units(request):
    form = UnitSearchForm(request.GET or None)
    filters = {"q": "", "level": "", "parent": ""}
    if form.is_bound and form.is_valid():
        filters.update({name: form.cleaned_data[name] or "" for name in filters})
    parent = selectors.unit_get(filters["parent"]) if filters["parent"] else None
    page = Paginator(selectors.units_search(**filters), UNITS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/units.html",
        {
            "form": form,
            "page": page,
            "parent": parent,
            "query": query.urlencode(),
            "searching": any(filters.values()),
        },
    )


@public_cached()
def unit(request, code):
    unit = selectors.unit_get(code)
    if unit is None:
        raise Http404
    profile = selectors.unit_profile_get(unit)
    return render(
        request,
        "portal/unit.html",
        {
            "unit": unit,
            "profile": profile,
            "charter": charter_items(profile),
            "children": selectors.unit_children(unit),
            "urgent": information_urgent(unit=unit),
            "subscribe_form": SubscribeForm(),
        },
    )


def transparency(request):
    # The page explains the log even before the first checkpoint; the key always exists.
    return render(
        request,
        "portal/transparency.html",
        {
            "checkpoint": checkpoint_latest(),
            "verifier_key": verifier_key(),
            "api_base": request.build_absolute_uri("/api/v1/transparency"),
        },
    )


ROBOTS_CLOSED = (
    "/office/",
    "/en/office/",
    "/accounts/",
    "/en/accounts/",
    "/admin/",
    "/en/admin/",
    "/api/v1/staff/",
)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page names: the site's icon, not a 404."""
    return HttpResponsePermanentRedirect(static("eppid/favicon.svg"))


def robots_txt(request):
    """Search engines may read every public page; staff pages are closed; the sitemap is named."""
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in ROBOTS_CLOSED]]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def unit_preselected(request) -> str:
    """The unit of a "file a request with this office" link (``?unit=35.04``), if it is one."""
    try:
        code = text_clean(request.GET.get("unit", ""), limit=20)
    except ValidationError:
        return ""
    return code if code and Unit.objects.filter(code=code).exists() else ""
