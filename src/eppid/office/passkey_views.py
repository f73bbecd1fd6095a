"""Passkeys (WebAuthn) as an optional second factor, through django-otp-webauthn.

Registration needs a verified session *and* a recent re-authentication, like every other change
to the user's factors. Passwordless sign-in stays off: a passkey only replaces the TOTP code.
Unlike a code, a passkey sign-in does not count as a re-authentication: changing factors then asks
for the password and a code, which also moves the session onto that code's device, so removing the
passkey the session was verified with does not end it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views

from eppid.accounts.selectors import passkeys_for_user
from eppid.accounts.session import pop_next, reauth_required, recently_reauthenticated, session_key_renew


class ReauthenticationRequired(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "reauthentication_required"
    default_detail = gettext_lazy("Confirm your password and code again before adding a passkey.")


class _FreshSessionOnly:
    def check_can_register(self):
        if not recently_reauthenticated(self.request):
            raise ReauthenticationRequired()


class BeginRegistration(_FreshSessionOnly, webauthn_views.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(_FreshSessionOnly, webauthn_views.CompleteCredentialRegistrationView):
    pass


class CompleteAuthentication(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        # Verified by the passkey: under a new session key, as after a code (not a re-authentication).
        super().complete_auth(device)
        if self.request.user.is_verified():
            session_key_renew(self.request)

    def get_success_url(self):
        # Where the sign-in began (kept in the session by the login view), as after a code.
        return pop_next(self.request)


@never_cache
@reauth_required
def passkeys(request):
    return render(request, "accounts/passkeys.html", {"passkeys": passkeys_for_user(request.user)})


@never_cache
@require_POST
@reauth_required
def passkey_remove(request, pk: int):
    credential = passkeys_for_user(request.user).filter(pk=pk).first()
    if credential is None:
        raise Http404
    credential.delete()
    messages.success(request, _("The passkey has been removed."))
    return redirect("accounts:passkeys")


# The package's script messages, with ours from LOCALE_PATHS (it ships no Indonesian). Served under
# the language prefix (our templates/django_otp_webauthn/ point here), so /en/ pages get English.
js_catalog = JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])
