"""Per-address rate limits for the public API (django-ratelimit, honours RATELIMIT_ENABLE)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django_ratelimit.core import _split_rate, is_ratelimited

from eppid.api.problems import ratelimited_response

DEFAULT_PUBLIC_RATE = "600/m"


def public_rate(group, request) -> str:
    # Read at call time so an operator (or a test) can change it without re-importing routers.
    return getattr(settings, "EPPID_API_PUBLIC_RATE", DEFAULT_PUBLIC_RATE)


def rate_limited(group: str):
    """A ninja view-mode decorator: counts every call, valid or not, and answers 429 when over."""

    def decorator(run):
        @wraps(run)
        def wrapper(request, *args, **kwargs):
            if is_ratelimited(request, group=group, key="ip", rate=public_rate, increment=True):
                _count, period = _split_rate(public_rate(group, request))
                return ratelimited_response(period)
            return run(request, *args, **kwargs)

        return wrapper

    return decorator
