"""One named limit per action, one counter per client, shared by every channel.

Filing a request costs a legal deadline, a signed receipt and an email whether it comes through
the citizen's form or through the API, so both count against the same allowance. Each action
has one name (the ``group`` of django-ratelimit) and one rate, read from
``settings.EPPID_RATE_LIMITS`` (environment variables through ``conf.py``):

- ``request-submit``: the request wizard's "send" and ``POST /api/v1/requests``; per client
  address.
- ``document-upload``: a file sent at the documents step of a citizen wizard (request or
  ground-b objection); per address, apart from the submission, so a better scan does not use up
  a submission.
- ``objection-submit``: the "send" of both objection forms and ``POST /api/v1/objections``
  (and ``/objections/periodic``); per address.
- ``status-lookup``: everything that tries a registration number with a tracking code to show
  a status: the request and objection status pages, the first steps of the objection form and
  of the satisfaction survey page, and ``GET /api/v1/requests/{n}`` and ``/objections/{n}``
  with ``X-Tracking-Code``; per address.
- ``document-verify``: the verification page (upload or code) and ``POST /api/v1/verify``; per
  address.
- ``survey-answer``: the answers sent to the satisfaction survey, page and API; per address.
- ``request-register``: staff registering a request received at the desk, by post, email or
  phone (the console form and ``POST /api/v1/staff/requests``), or an objection received on
  paper (the console forms and ``POST /api/v1/staff/objections``; one desk allowance); per
  staff user, since staff act under their own name and an office shares one address.
- ``information-subscribe``: the form on a unit's page that subscribes an email address to the
  unit's serta merta information (each one sends a confirmation email); per address.
- ``api-public``: a general ceiling on every public API call, on top of the action's own.

A screen calls ``rate_limit_hit(request, action)`` before the work; over the rate it raises
``RateLimited`` (a django-ratelimit ``Ratelimited``, so a ``PermissionDenied``) carrying the
seconds until the window ends. The API answers it as a 429 problem with ``Retry-After``, pages
with the portal's "Too many requests" page (``RATELIMIT_VIEW``, through django-ratelimit's
middleware). ``EPPID_RATELIMIT=off`` (``RATELIMIT_ENABLE``) turns every limit off.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

ACTIONS = (
    "request-submit",
    "document-upload",
    "objection-submit",
    "status-lookup",
    "document-verify",
    "survey-answer",
    "request-register",
    "api-public",
    "information-subscribe",
)
# Staff act under their own name and often share an office's address: count them by user.
PER_USER = frozenset({"request-register"})
# What a client that cannot be counted (the cache is down) is told to wait, in seconds.
FAIL_CLOSED_WAIT = 60


class RateLimited(Ratelimited):
    """Over the rate of ``action``: try again in ``retry_after`` seconds."""

    def __init__(self, action: str, retry_after: int):
        super().__init__(action)
        self.action = action
        self.retry_after = max(1, int(retry_after))


def action_rate(action: str) -> str:
    """The rate of a named action (django-ratelimit syntax, e.g. "20/h")."""
    if action not in ACTIONS:
        raise KeyError(f"unknown rate-limited action {action!r}; one of {ACTIONS}")
    return settings.EPPID_RATE_LIMITS[action]


def rate_limit_hit(request, action: str) -> None:
    """Count one attempt at ``action`` by this client; raise ``RateLimited`` when over the rate."""
    usage = get_usage(
        request,
        group=action,
        key="user_or_ip" if action in PER_USER else "ip",
        rate=action_rate(action),
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        # limit 0: the cache could not count (django-ratelimit fails closed); else the window's end.
        wait = FAIL_CLOSED_WAIT if usage["limit"] == 0 else usage["time_left"]
        raise RateLimited(action, wait)


def ratelimited(request, exception=None):
    """RATELIMIT_VIEW: the page for any action over its rate, 429 (the portal's error page)."""
    response = render(
        request,
        "portal/error.html",
        {"title": _("Too many requests"), "message": _("Please wait a minute and try again.")},
        status=429,
    )
    response["Retry-After"] = str(getattr(exception, "retry_after", 60))
    return response
