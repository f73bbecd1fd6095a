import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

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
    """Fail closed: every console and admin page needs a password *and* a second factor."""

    PROTECTED_PREFIXES = ("/office/", "/en/office/", "/admin/", "/en/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.PROTECTED_PREFIXES) and not request.user.is_verified():
            if request.user.is_authenticated:
                return redirect("accounts:verify")
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={path}")
        return self.get_response(request)
