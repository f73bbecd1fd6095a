"""Session bookkeeping shared by the views: re-authentication stamps, where to go next, one-time data."""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from eppid.accounts import services

REAUTH_AT = "eppid_reauth_at"
NEXT_URL = "eppid_next"
RECOVERY_CODES = "eppid_recovery_codes"
REPLACE_AUTHENTICATOR = "eppid_replace_authenticator"


def mark_reauthenticated(request) -> None:
    request.session[REAUTH_AT] = int(time.time())


def session_key_renew(request) -> None:
    """A new key for the same session; the old cookie opens nothing any more (ASVS 3.2.1)."""
    old_key = request.session.session_key
    request.session.cycle_key()
    services.session_rekey(user=request.user, old_key=old_key, new_key=request.session.session_key)


def session_keep_after_password_change(request, user) -> None:
    """This session stays signed in with the new password hash (under a new key, which Django
    gives it); the user's other sessions stop matching the hash."""
    old_key = request.session.session_key
    update_session_auth_hash(request, user)
    services.session_rekey(user=user, old_key=old_key, new_key=request.session.session_key)


def second_factor_proved(request, device, *, reauthenticated: bool = True) -> None:
    """The session is verified with ``device``, under a new key: whoever held the cookie of the
    session before the factor was proved (half signed in, or signed in long ago) holds nothing.
    ``reauthenticated``: the proof counts as a fresh re-authentication (a code; not a passkey)."""
    otp_login(request, device)
    session_key_renew(request)
    if reauthenticated:
        mark_reauthenticated(request)


def recently_reauthenticated(request) -> bool:
    stamp = request.session.get(REAUTH_AT)
    return stamp is not None and 0 <= time.time() - stamp <= settings.EPPID_REAUTH_SECONDS


def reauth_required(view):
    """Sensitive account changes need password and second factor again within the last minutes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not recently_reauthenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:reauth')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


def safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def remember_next(request, candidate: str | None) -> None:
    target = safe_next(request, candidate)
    if target:
        request.session[NEXT_URL] = target
    else:
        request.session.pop(NEXT_URL, None)


def pop_next(request, default: str = "office:dashboard") -> str:
    return safe_next(request, request.session.pop(NEXT_URL, None)) or reverse(default)
