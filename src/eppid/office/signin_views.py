"""Signing in: password, then the second factor (enrolling one first if needed), and signing out."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from eppid.accounts import selectors, services
from eppid.accounts.forms import EnrolForm, LoginForm, ReauthForm, SecondFactorForm
from eppid.accounts.models import RecoveryCodeDevice
from eppid.accounts.session import (
    RECOVERY_CODES,
    REPLACE_AUTHENTICATOR,
    pop_next,
    recently_reauthenticated,
    remember_next,
    safe_next,
    second_factor_proved,
)
from eppid.core.ratelimit import ratelimited


def login_rate(group, request):
    return settings.EPPID_LOGIN_RATE


def _too_many(request):
    response = ratelimited(request)
    response["Retry-After"] = "60"
    return response


def _second_factor_url(user) -> str:
    # Any factor at all (recovery codes or a passkey too) must be proved before anything else.
    return "accounts:verify" if selectors.user_has_second_factor(user) else "accounts:enrol"


@method_decorator(never_cache, name="dispatch")
@method_decorator(ratelimit(key="ip", rate=login_rate, method="POST", block=False), name="post")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context

    def form_valid(self, form):
        # django.contrib.auth.login issues a new session key, so a planted one is worthless.
        auth_login(self.request, form.get_user())
        remember_next(self.request, self.get_redirect_url())
        return redirect(_second_factor_url(form.get_user()))


login_view = LoginView.as_view()


@never_cache
@login_required
def verify(request):
    if request.user.is_verified():
        return redirect(pop_next(request))
    if not selectors.user_has_second_factor(request.user):
        return redirect("accounts:enrol")
    form = SecondFactorForm(request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        second_factor_proved(request, form.device)
        if isinstance(form.device, RecoveryCodeDevice):
            remaining = selectors.recovery_codes_remaining(request.user)
            messages.warning(
                request,
                ngettext(
                    "You used a recovery code. %(count)d recovery code is left.",
                    "You used a recovery code. %(count)d recovery codes are left.",
                    remaining,
                )
                % {"count": remaining},
            )
        if not selectors.user_has_authenticator(request.user):
            # Signed in with a recovery code and no authenticator left: set up a new one now,
            # while the session is verified and fresh.
            return redirect("accounts:enrol")
        return redirect(pop_next(request))
    has_passkeys = selectors.passkeys_for_user(request.user).filter(confirmed=True).exists()
    return render(request, "accounts/verify.html", {"form": form, "has_passkeys": has_passkeys})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    label = _("QR code to scan with your authenticator app")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr-code" ', 1)
    # Built here from our own otpauth URL by the qrcode library, the label escaped (a translation
    # could hold a quote): no unescaped text reaches it.
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def _grouped_secret(device) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _enrolment_refused(request):
    """Where to send a user who may not set up an authenticator now, or None if they may.

    With no second factor at all the password is enough (the first sign-in). Everyone else enrols
    only in a session verified with a factor and re-authenticated within the last minutes: first
    because they have no authenticator yet, or because they asked to replace it.
    """
    user = request.user
    if not user.is_verified():
        return redirect("accounts:verify") if selectors.user_has_second_factor(user) else None
    if selectors.user_has_authenticator(user) and not request.session.get(REPLACE_AUTHENTICATOR):
        return redirect("accounts:security")
    if not recently_reauthenticated(request):
        return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': reverse('accounts:enrol')})}")
    return None


@never_cache
@login_required
def enrol(request):
    """Set up the authenticator app; it replaces any older one once confirmed."""
    refused = _enrolment_refused(request)
    if refused is not None:
        return refused
    device = services.totp_enrolment_device(request.user)
    form = EnrolForm(request.user, device, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device.refresh_from_db()
        second_factor_proved(request, device)
        request.session.pop(REPLACE_AUTHENTICATOR, None)
        request.session[RECOVERY_CODES] = form.recovery_codes
        return redirect("accounts:recovery-codes")
    context = {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": _grouped_secret(device)}
    return render(request, "accounts/enrol.html", context)


@never_cache
def recovery_codes(request):
    codes = request.session.pop(RECOVERY_CODES, None)
    return render(request, "accounts/recovery_codes.html", {"codes": codes or []})


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    if request.method == "POST":
        auth_logout(request)
        messages.info(request, _("You have signed out."))
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/logout.html")


@never_cache
@ratelimit(key="user", rate=login_rate, method="POST", block=False)
def reauth(request):
    # The password is checked here outside django-axes, so guesses are capped per user instead.
    if getattr(request, "limited", False):
        return _too_many(request)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next")) or ""
    form = ReauthForm(request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The factor just proved now carries the session, so removing the one it was verified with
        # (a passkey, say) does not end a session that has just shown its second factor again.
        second_factor_proved(request, form.device)
        return redirect(next_url or "accounts:security")
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url})


def lockout(request, original_response=None, credentials=None, *args, **kwargs):
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0
    if minutes:
        message = ngettext(
            "Too many failed sign-in attempts for this account. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts for this account. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    else:
        message = _("Too many failed sign-in attempts. Ask a system administrator to unlock the account.")
    response = render(request, "accounts/locked.html", {"message": message}, status=429)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
