import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from eppid.accounts import selectors

SESSION_AUTH_AT = "eppid_auth_at"
SESSION_SEEN_AT = "eppid_seen_at"


class SessionTimeoutMiddleware:
    """Ends a staff session after 30 idle minutes or 12 hours in all, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            auth_at = request.session.get(SESSION_AUTH_AT, now)
            seen_at = request.session.get(SESSION_SEEN_AT, now)
            if (
                now - seen_at > settings.EPPID_SESSION_IDLE_SECONDS
                or now - auth_at > settings.EPPID_SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?expired=1")
            request.session.setdefault(SESSION_AUTH_AT, auth_at)
            request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class StaffVerificationMiddleware:
    """Fail closed: every console, admin and account page needs a password *and* a second factor.

    The only staff pages open before the second factor are the ones that lead to it (sign-in,
    verification, enrolment), signing out, and the password reset (which asks for the factor itself).
    """

    PROTECTED_PREFIXES = ("/office/", "/en/office/", "/admin/", "/en/admin/")
    OPEN_ACCOUNT_PAGES = frozenset(
        {
            "login",
            "verify",
            "enrol",
            "logout",
            "passkey-js-catalog",
            "password-reset",
            "password-reset-done",
            "password-reset-confirm",
            "password-reset-complete",
        }
    )
    OPEN_WEBAUTHN_PAGES = frozenset({"credential-authentication-begin", "credential-authentication-complete"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(self.PROTECTED_PREFIXES) and not request.user.is_verified():
            return self._refuse(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        namespace = match.namespace if match else ""
        if namespace == "accounts":
            open_page = match.url_name in self.OPEN_ACCOUNT_PAGES
        elif namespace == "otp_webauthn":
            open_page = match.url_name in self.OPEN_WEBAUTHN_PAGES
        else:
            return None
        if open_page or request.user.is_verified():
            return None
        return self._refuse(request)

    @staticmethod
    def _refuse(request):
        user = request.user
        if user.is_authenticated:
            return redirect("accounts:verify" if selectors.user_has_second_factor(user) else "accounts:enrol")
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")


class StaffNoStoreMiddleware:
    """Staff pages and the staff API never land in a browser's or a proxy's cache (ASVS 14.3.2):
    they carry case files and personal data, and a shared office computer keeps its history."""

    PREFIXES = (
        "/office/",
        "/en/office/",
        "/accounts/",
        "/en/accounts/",
        "/admin/",
        "/en/admin/",
        "/api/v1/staff/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.PREFIXES):
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
            if request.path_info.startswith("/api/"):
                patch_vary_headers(response, ["Authorization"])
        return response
