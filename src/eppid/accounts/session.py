"""Session bookkeeping shared by the views: re-authentication stamps, where to go next, one-time data."""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

REAUTH_AT = "eppid_reauth_at"
NEXT_URL = "eppid_next"
RECOVERY_CODES = "eppid_recovery_codes"
REPLACE_AUTHENTICATOR = "eppid_replace_authenticator"


def mark_reauthenticated(request) -> None:
    request.session[REAUTH_AT] = int(time.time())


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
