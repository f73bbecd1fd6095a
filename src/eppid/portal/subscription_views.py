"""Email subscriptions to a unit's serta merta information: subscribe, confirm, unsubscribe.

No account and no JavaScript. The links in the emails open a page with one button (GET never
changes anything, so a mail scanner that follows links neither confirms nor unsubscribes). A bad
or expired link gets a translated page (400), never a 500.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from eppid.catalog import subscriptions
from eppid.core.ratelimit import rate_limit_hit
from eppid.organisation import selectors as units

FORM = ["GET", "HEAD", "POST"]


class SubscribeForm(forms.Form):
    email = forms.CharField(
        label=gettext_lazy("Email address"),
        max_length=subscriptions.EMAIL_MAX,
        help_text=gettext_lazy("We send you a link to confirm. You can unsubscribe from every email."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter your email address.")},
    )


@require_http_methods(FORM)
def unit_subscribe(request, code):
    unit = units.unit_get(code)
    if unit is None:
        raise Http404
    if request.method != "POST":
        return render(request, "portal/subscription/subscribe.html", {"unit": unit, "form": SubscribeForm()})
    rate_limit_hit(request, "information-subscribe")
    form = SubscribeForm(request.POST)
    if form.is_valid():
        try:
            subscriptions.subscription_request(
                unit=unit, email=form.cleaned_data["email"], language=get_language()
            )
        except ValidationError as error:
            form.add_error("email", error.message_dict.get("email") or error.messages)
    if not form.is_valid():
        return render(request, "portal/subscription/subscribe.html", {"unit": unit, "form": form}, status=400)
    # The same answer for a new, a pending and an already confirmed address.
    return render(request, "portal/subscription/sent.html", {"unit": unit})


def _private(response):
    """A page whose address carries a token: not cached, not indexed, the token never sent on."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _link_problem(request, error: subscriptions.SubscriptionLinkError):
    if error.expired:
        message = _(
            "This confirmation link has expired. Subscribe again on the office's page to get a new one."
        )
    else:
        message = _("This link is not valid. Check that you copied the whole link from the email.")
    return _private(
        render(
            request,
            "portal/error.html",
            {"title": _("This link does not work"), "message": message},
            status=400,
        )
    )


@require_http_methods(FORM)
def subscription_confirm(request, token):
    try:
        if request.method != "POST":
            subscription = subscriptions.subscription_from_confirm_token(token)
            return _private(render(request, "portal/subscription/confirm.html", {"unit": subscription.unit}))
        subscription = subscriptions.subscription_confirm(token=token)
    except subscriptions.SubscriptionLinkError as error:
        return _link_problem(request, error)
    return _private(render(request, "portal/subscription/confirmed.html", {"unit": subscription.unit}))


# No CSRF check: the signed token in the address is the authority, and a mail program's one-click
# unsubscribe (RFC 8058: a POST of "List-Unsubscribe=One-Click", no cookie, no form) must work.
@csrf_exempt
@require_http_methods(FORM)
def subscription_end(request, token):
    try:
        if request.method != "POST":
            subscription = subscriptions.subscription_from_end_token(token)
            return _private(render(request, "portal/subscription/end.html", {"unit": subscription.unit}))
        subscription = subscriptions.subscription_end(token=token)
    except subscriptions.SubscriptionLinkError as error:
        return _link_problem(request, error)
    return _private(render(request, "portal/subscription/ended.html", {"unit": subscription.unit}))
