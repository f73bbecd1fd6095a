"""The signed-in user's own security settings: factors, recovery codes, password and API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eppid.accounts import selectors, services
from eppid.accounts.forms import PasswordChangeForm, TokenCreateForm
from eppid.accounts.models import ApiToken
from eppid.accounts.session import (
    RECOVERY_CODES,
    REPLACE_AUTHENTICATOR,
    reauth_required,
    session_keep_after_password_change,
)


@never_cache
def security(request):
    user = request.user
    context = {
        "totp_devices": selectors.totp_devices_for_user(user),
        "recovery_remaining": selectors.recovery_codes_remaining(user),
        "passkey_count": selectors.passkeys_for_user(user).count(),
        "tokens": selectors.api_tokens_for_user(user),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@reauth_required
def password_change(request):
    form = PasswordChangeForm(request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        session_keep_after_password_change(request, form.user)
        messages.success(request, _("Your password has been changed."))
        if form.revoked:
            messages.info(
                request,
                ngettext(
                    "%(count)d API token has been revoked.",
                    "%(count)d API tokens have been revoked.",
                    form.revoked,
                )
                % {"count": form.revoked},
            )
        return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form, "live_tokens": form.live_tokens})


@never_cache
@require_POST
@reauth_required
def recovery_codes_regenerate(request):
    request.session[RECOVERY_CODES] = services.recovery_codes_regenerate(user=request.user)
    return redirect("accounts:recovery-codes")


@never_cache
@reauth_required
def authenticator_reset(request):
    if request.method == "POST":
        # The current authenticator keeps working until the new one is confirmed on the enrolment
        # page, in this same verified session: the account is never left with a factor missing
        # that a password alone could then fill in.
        request.session[REPLACE_AUTHENTICATOR] = True
        return redirect("accounts:enrol")
    return render(request, "accounts/authenticator_reset.html")


@never_cache
@reauth_required
def tokens(request):
    form = TokenCreateForm(data=request.POST if request.method == "POST" else None)
    plaintext = None
    if request.method == "POST" and form.is_valid():
        _token, plaintext = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenCreateForm()
    context = {"form": form, "plaintext": plaintext, "tokens": selectors.api_tokens_for_user(request.user)}
    return render(request, "accounts/tokens.html", context)


@never_cache
@require_POST
@reauth_required
def token_revoke(request, pk: int):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
