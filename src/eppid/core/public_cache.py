"""What is the same for every citizen, rendered once: public pages and public API reads (decision 1420).

``public_cached(params=...)`` wraps a view (a portal page, or a ninja operation through
``decorate_view``). A GET by a visitor who is not signed in, with no message waiting and no query
parameter but those in ``params``, is answered from the cache when the entry there was rendered
under the current *public version*; otherwise the view runs and its 200 answer is stored.

- The key: scheme, host, language, Asia/Jakarta date (texts of the rules in force change at
  midnight), full path. The entry holds the public version it was rendered under.
- The public version (one cache key) changes on every save or delete of a model whose data public
  pages show (``watch``: a signal receiver, at once and again when the transaction commits, so a
  page rendered meanwhile from the old rows is not kept). Entries also expire after
  ``EPPID_PUBLIC_CACHE_SECONDS`` (time-bound content: the serta merta window; the bound on
  staleness between processes when the cache is each process's memory, without Redis).
- Each process keeps the entries it served lately and the version it read last, read again from
  Redis at most every ``EPPID_PUBLIC_CACHE_LOCAL_SECONDS`` (1 s): a hit costs no round trip, and a
  change shows at once in the process that made it and within that second in the others.
- Nothing per user is stored: a signed-in user, a waiting message, a view that touched the
  session, or a CSRF token used other than in a form field bypasses or stays out of the cache.
  A form's CSRF field is stored as a placeholder and filled with this visitor's token on the way
  out (so the CSRF middleware sets this visitor's cookie, never another's).
- ``conditional=True`` (the public API) adds ``ETag`` (SHA-256 of the body) and ``Last-Modified``
  (when the entry was rendered) and answers ``If-None-Match`` / ``If-Modified-Since`` with 304,
  cached or not.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "eppid:public:version"
PREFIX = "eppid:public:page1:"  # the number changes with the form of an entry
CSRF_PLACEHOLDER = b"\x00eppid-csrf\x00"
_CSRF_FIELD = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_STORED_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "Link")


# This process's copies: the version as last read (and when), and the entries it served lately.
_local = {"version": None, "read_at": 0.0}
_entries: dict = {}
_LOCAL_MAX = 256
# (version, body, headers, has CSRF field, rendered at, ETag, expires at)
_ENTRY_LENGTH = 7


def local_clear() -> None:
    """Forget this process's copies (tests clear the shared cache between tests, and this too)."""
    _local.update(version=None, read_at=0.0)
    _entries.clear()


def public_version() -> str:
    """The current public version: read again from the cache when the copy here is older than
    ``EPPID_PUBLIC_CACHE_LOCAL_SECONDS`` (0 without Redis: the cache is this process's memory)."""
    now = time.monotonic()
    if _local["version"] is not None and now - _local["read_at"] < settings.EPPID_PUBLIC_CACHE_LOCAL_SECONDS:
        return _local["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    _local.update(version=version, read_at=now)
    return version


def public_version_bump(**_kwargs) -> None:
    """The data behind public pages changed: every entry rendered before is stale."""
    version = secrets.token_hex(8)
    cache.set(VERSION_KEY, version, timeout=None)
    _local.update(version=version, read_at=time.monotonic())
    _entries.clear()


def _entry_get(key: str, version: str):
    entry = _entries.get(key)
    if entry is None or entry[0] != version or entry[6] < time.time():
        entry = cache.get(key)
        if not isinstance(entry, tuple) or len(entry) != _ENTRY_LENGTH or entry[0] != version:
            return None
        _entry_keep(key, entry)
    return entry


def _entry_keep(key: str, entry) -> None:
    if len(_entries) >= _LOCAL_MAX:
        _entries.clear()
    _entries[key] = entry


def _changed(sender, instance=None, **_kwargs) -> None:
    test = _WATCHED.get(sender)
    if test is not None and not test(instance):
        return
    public_version_bump()
    # Again after commit: a page rendered between the bump and the commit read the old rows.
    transaction.on_commit(public_version_bump)


_WATCHED: dict = {}


def watch(model, only=None) -> None:
    """Public pages show data of ``model``: change the public version on each of its saves and
    deletions (or those of instances for which ``only(instance)`` is true)."""
    _WATCHED[model] = only
    uid = f"eppid-public-cache-{model._meta.label}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)


def _key(request) -> str:
    day = time.strftime("%Y%m%d", time.gmtime(time.time() + 7 * 3600))  # Asia/Jakarta, UTC+7 all year
    raw = f"{request.scheme}|{request.get_host()}|{get_language()}|{day}|{request.get_full_path()}"
    return PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_request(request, params) -> bool:
    if request.method != "GET":
        return False
    try:
        query = request.GET
        if any(name not in params for name in query) or any(len(value) > 20 for value in query.values()):
            return False
    except SuspiciousOperation:  # too many parameters: not ours to answer; the view's problem says it
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not (hasattr(request, "_messages") and len(get_messages(request)))


def _storable(request, response) -> tuple[bytes, bool] | None:
    """The body to store (CSRF fields as placeholders) and whether it has any; None: not storable."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    body, fields = _CSRF_FIELD.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not fields:
        return None  # the token was used some other way: this answer is this visitor's own
    return body, bool(fields)


def _conditional(request, response, etag: str, rendered_at: float | None):
    response["ETag"] = etag
    if rendered_at is not None:
        response["Last-Modified"] = http_date(rendered_at)
    patch_vary_headers(response, ("Accept-Language",))
    return get_conditional_response(request, etag=etag, last_modified=rendered_at, response=response)


def conditional_get(view):
    """ETag (SHA-256 of the body) on a 200 answer, and 304 for a matching If-None-Match; no cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            return _conditional(request, response, _etag(response.content), None)
        return response

    return wrapper


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def public_cached(params=(), conditional=False):
    """Serve the view's answer from the cache for every visitor alike; see the module's text."""
    allowed = frozenset(params)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request, allowed):
                return (conditional_get(view) if conditional else view)(request, *args, **kwargs)
            key = _key(request)
            version = public_version()
            entry = _entry_get(key, version)
            if entry is not None:
                return _from_entry(request, entry, conditional)
            response = view(request, *args, **kwargs)
            stored = _storable(request, response)
            if stored is None:
                return response
            body, has_csrf = stored
            rendered_at = int(time.time())
            headers = {name: response[name] for name in _STORED_HEADERS if name in response}
            expires_at = rendered_at + settings.EPPID_PUBLIC_CACHE_SECONDS
            entry = (version, body, headers, has_csrf, rendered_at, _etag(body), expires_at)
            cache.set(key, entry, timeout=settings.EPPID_PUBLIC_CACHE_SECONDS)
            _entry_keep(key, entry)
            if conditional:
                return _conditional(request, response, entry[5], rendered_at)
            return response

        return wrapper

    return decorator


def _from_entry(request, entry, conditional):
    _version, body, headers, has_csrf, rendered_at, etag, _expires_at = entry
    if has_csrf:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    if conditional:
        return _conditional(request, response, etag, rendered_at)
    return response
