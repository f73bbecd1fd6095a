"""The database or Redis out of reach: 503 with ``Retry-After``, never a 500, a traceback or a hang.

Issue 14 item 5: while PostgreSQL restarts or Redis (cache, sessions, rate limits) is down, a client
gets a clear answer. *Unavailable* means django.db's ``OperationalError`` or ``InterfaceError``
(connection refused or cut, also when connecting; a statement cancelled by
``EPPID_DB_STATEMENT_TIMEOUT``) or redis' ``ConnectionError`` or
``TimeoutError``, or the file store full (an ``OSError`` with ``ENOSPC`` or ``EDQUOT``: the
transaction rolls back and a later try can succeed once an operator has made room); every other
exception is a bug and stays a 500 that is reported. The settings
bound the wait (``EPPID_DB_CONNECT_TIMEOUT``, ``EPPID_REDIS_CONNECT_TIMEOUT``,
``EPPID_REDIS_TIMEOUT``), so the error comes quickly.

The answer (``unavailable_response``): under ``/api/`` a problem+json 503 in the language of
``Accept-Language``; a page otherwise, in the language of its URL (Indonesian unprefixed, English
under ``/en/``), rendered without the request: no context processor, no session, no user, no query,
so it cannot fail in turn (and if its template does, a fixed bilingual page). ``Retry-After`` is
``EPPID_UNAVAILABLE_RETRY_SECONDS``; nothing caches it. The cause is logged once per request.

Where the exception is raised decides who answers (Django turns an exception into a response at
each middleware, so no middleware sees the exception of another one with try/except):

- in a view: ``ServiceUnavailableMiddleware.process_exception`` answers (a view of the API: its
  own exception handler, ``eppid.api.problems.on_unexpected``, calls the same function);
- in a middleware (the session loaded or saved, the user read, a rate limit counted): Django calls
  ``handler500`` (``eppid.portal.errors.server_error``), which answers 503 for these causes; with
  ``DEBUG`` on Django shows its debug page instead, so the middleware, which sits outside every
  middleware that reads the session or the database, replaces that 500 when the request's
  exception (recorded from ``got_request_exception``) was one of these.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import sys

from csp.utils import build_policy
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.log import log_response
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from eppid.core.problems import accept_language, problem

logger = logging.getLogger(__name__)

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
# SQLite reports a schema or query mistake as an OperationalError too: that is a bug (a 500).
SQLITE_BUGS = ("no such table", "no such column", "has no column named", "syntax error")
# The file store (uploads, signed papers, the log's files) has no room left: nothing was stored.
STORE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
# Where the request's exception is kept for the middleware (set from got_request_exception).
CAUSE_ATTRIBUTE = "_eppid_unavailable_cause"

TEMPLATE = "503.html"
# Last resort when even the template cannot render: plain markup in both languages.
FALLBACK_PAGE = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Layanan sementara tidak tersedia – e-PPID Bawaslu</title></head><body><main>"
    "<h1>Layanan sementara tidak tersedia</h1>"
    "<p>e-PPID tidak dapat menjawab saat ini. Coba lagi dalam beberapa menit.</p>"
    '<p lang="en">Service temporarily unavailable. e-PPID cannot answer right now; '
    "please try again in a few minutes.</p></main></body></html>"
)


def is_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the database or Redis cannot be reached (not a bug of ours)."""
    if isinstance(exc, (RedisConnectionError, RedisTimeoutError)):
        return True
    if isinstance(exc, OSError) and exc.errno in STORE_FULL_ERRNOS:
        return True
    if isinstance(exc, (OperationalError, InterfaceError)):
        return not (isinstance(exc.__cause__, sqlite3.Error) and any(bug in str(exc) for bug in SQLITE_BUGS))
    return False


def unavailable_response(request, exc: BaseException, *, log: bool = True) -> HttpResponse:
    """The 503 for ``request``; ``log=False`` where Django logs the exception itself."""
    if request.path_info.startswith("/api/"):
        language = accept_language(request.headers.get("Accept-Language", ""))
        with translation.override(language):
            response = problem(503)
        patch_vary_headers(response, ["Accept-Language"])
    else:
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        response = HttpResponse(_page(language), status=503, content_type="text/html; charset=utf-8")
        # Answered outside the middleware that adds these to every page.
        response.headers.setdefault("Content-Security-Policy", build_policy())
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    response["Content-Language"] = language
    response["Retry-After"] = str(settings.EPPID_UNAVAILABLE_RETRY_SECONDS)
    patch_cache_control(response, no_store=True, no_cache=True, max_age=0)
    if log:
        # One record per request, with the cause (Django then logs no "Service Unavailable" of its own).
        log_response(
            "Service unavailable: %s %s: %s: %s",
            request.method,
            request.path,
            type(exc).__name__,
            str(exc).strip(),
            response=response,
            request=request,
            logger=logger,
        )
    return response


def _page(language: str) -> str:
    with translation.override(language):
        try:
            # No request: no context processor runs, so nothing reads the session or the database.
            return loader.get_template(TEMPLATE).render({})
        except Exception:
            logger.exception("The service-unavailable page itself failed to render")
            return FALLBACK_PAGE


@receiver(got_request_exception, dispatch_uid="eppid-unavailable-cause")
def _record_cause(sender, request=None, **kwargs) -> None:
    """Keep the request's exception for the middleware when it is an outage (sent while handled)."""
    exc = sys.exc_info()[1]
    if request is not None and is_unavailable(exc):
        setattr(request, CAUSE_ATTRIBUTE, exc)


class ServiceUnavailableMiddleware:
    """Answers 503 instead of 500 when the database or Redis is out of reach (see the module).

    In MIDDLEWARE after WhiteNoise (static files need neither) and before the session, the
    user, the rate limits and everything else that may read them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cause = getattr(request, CAUSE_ATTRIBUTE, None)
        if cause is not None and response.status_code == 500:
            response = unavailable_response(request, cause, log=False)
            response._has_been_logged = True  # Django logged the exception (with DEBUG on, as a 500)
        return response

    def process_exception(self, request, exception):
        if is_unavailable(exception):
            return unavailable_response(request, exception)
        return None
