"""Rate limits on the API: the named actions of ``eppid.core.ratelimit``, answered as problems.

``rate_limited(action)`` is a ninja decorator in "view" mode (it wraps the whole operation, so
every call counts, valid or not, before authentication and validation). Use it on a router for
the general ceiling (``router.add_decorator(rate_limited("api-public"), mode="view")``) and on
one operation for its action (``@decorate_view(rate_limited("request-submit"))`` under the
route decorator). Over the rate: 429 ``application/problem+json`` with ``Retry-After``.
"""

from __future__ import annotations

from functools import wraps

from eppid.api.problems import ratelimited_response
from eppid.core.ratelimit import RateLimited, rate_limit_hit


def rate_limited(action: str):
    def decorator(run):
        @wraps(run)
        def wrapper(request, *args, **kwargs):
            try:
                rate_limit_hit(request, action)
            except RateLimited as exc:
                return ratelimited_response(exc.retry_after)
            return run(request, *args, **kwargs)

        return wrapper

    return decorator
