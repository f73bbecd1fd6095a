"""RFC 9457 problem responses for the whole API (contract section 2).

Every error leaves the API as ``application/problem+json`` with ``type``, ``title``, ``status``
and ``detail`` in the caller's language; validation errors add ``errors: {field: [message]}``.
Nothing a client sends may produce a traceback: unexpected exceptions are logged and answered
with a bare 500 problem; the database or Redis out of reach is a 503 with ``Retry-After``
(``eppid.core.unavailable``). The body itself is ``eppid.core.problems.problem``.
"""

from __future__ import annotations

import logging
from typing import get_args

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from django_ratelimit.exceptions import Ratelimited
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from pydantic_core.core_schema import ErrorType

from eppid.core.problems import DEFAULT_DETAILS as DEFAULT_DETAILS
from eppid.core.problems import PROBLEM_CONTENT_TYPE as PROBLEM_CONTENT_TYPE
from eppid.core.problems import TITLES as TITLES
from eppid.core.problems import problem
from eppid.core.text import MESSAGES as TEXT_MESSAGES
from eppid.core.unavailable import is_unavailable, unavailable_response

logger = logging.getLogger("eppid.api")

# The one challenge every 401 of the API carries (RFC 6750 section 3).
WWW_AUTHENTICATE = 'Bearer realm="e-PPID"'

# ninja's built-in messages are English words; swap them for our translated text.
NINJA_DEFAULT_MESSAGES = {"Unauthorized", "Forbidden", "Too many requests.", "Not Found"}


# pydantic's own error types (its messages are English only); ours (core.text) carry translated text.
PYDANTIC_ERROR_TYPES = frozenset(get_args(ErrorType))
# ninja's answer to a body it cannot parse (its text is English; a suffix with DEBUG on).
UNPARSABLE_BODY = "Cannot parse request body"


# pydantic's messages are English only; the common kinds get our translated wording.
def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Enter a value of at least %(limit)s.") % {"limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        return _("Enter a value of at most %(limit)s.") % {"limit": limit}
    if kind in {"literal_error", "enum"}:
        return _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind == "string_too_long":
        return _("Enter at most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(limit)s characters.") % {"limit": ctx.get("min_length")}
    if kind == "string_unicode":  # a lone surrogate ("\ud800" in JSON): the text rule's own message
        return str(TEXT_MESSAGES["surrogate"])
    if kind in {"json_invalid", "model_attributes_type", "dict_type"}:
        return _("The request body is not valid JSON of the expected shape.")
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return _("Enter a number.")
    if kind == "string_type":
        return _("Enter text.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Give a list.")
    if kind == "too_long":
        return _("Give at most %(limit)s items.") % {"limit": ctx.get("max_length")}
    if kind == "too_short":
        return _("Give at least %(limit)s items.") % {"limit": ctx.get("min_length")}
    if kind.startswith("datetime_"):
        return _("Enter a date and time, for example 2026-03-02T09:30:00+07:00.")
    if kind.startswith("date_"):
        return _("Enter a date as YYYY-MM-DD, for example 2026-01-31.")
    if kind in PYDANTIC_ERROR_TYPES:  # any other of pydantic's own: its message is English
        return _("This value is not valid.")
    return str(error.get("msg", _("This value is not valid.")))  # ours (core.text): translated


def _field(loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "__all__"


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(_field(error.get("loc", ())), []).append(_message(error))
    return grouped


def on_validation_error(request, exc: ValidationError) -> HttpResponse:
    return problem(422, errors=validation_errors(exc.errors))


def on_http_error(request, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    detail = None if exc.message in NINJA_DEFAULT_MESSAGES else exc.message
    if status == 400 and str(exc.message).startswith(UNPARSABLE_BODY):
        detail = _("The request body cannot be read: send JSON, or the form the operation takes.")
    response = problem(status, detail)
    if status == 401:
        response["WWW-Authenticate"] = WWW_AUTHENTICATE
    if status == 429 and getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))
    return response


def on_http404(request, exc: Http404) -> HttpResponse:
    return problem(404)


def on_permission_denied(request, exc: PermissionDenied) -> HttpResponse:
    return problem(403)


def ratelimited_response(retry_after: int) -> HttpResponse:
    response = problem(429)
    response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def on_ratelimited(request, exc: Ratelimited) -> HttpResponse:
    return ratelimited_response(getattr(exc, "retry_after", 60))


def _query_string_refused(request) -> bool:
    try:
        request.GET  # noqa: B018 - parses the query string (again): does it pass the limits?
    except SuspiciousOperation:
        return True
    return False


def on_bad_body(request, exc: Exception) -> HttpResponse:
    """Input past Django's limits (DATA_UPLOAD_MAX_*) or not parseable: 413 or 400, never 500.

    Size and count limits of the body are 413; a query string with too many parameters and a
    body that cannot be parsed (multipart without a boundary, a broken upload) are 400.
    """
    if isinstance(exc, TooManyFieldsSent) and _query_string_refused(request):
        return problem(400, _("Too many query parameters: send at most %(limit)s.") % _limits())
    if isinstance(exc, TooManyFieldsSent):
        return problem(413, _("Too many form fields: send at most %(limit)s.") % _limits())
    if isinstance(exc, TooManyFilesSent):
        return problem(413, _("Too many files: send at most %(files)s.") % _limits())
    if isinstance(exc, RequestDataTooBig):
        return problem(
            413,
            _("The request body is too large: at most %(size)s besides the uploaded files.") % _limits(),
        )
    if isinstance(exc, MultiPartParserError):
        return problem(400, _("The multipart body cannot be read: check its Content-Type and boundary."))
    return problem(400, _("The request cannot be read."))


def _limits() -> dict:
    return {
        "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        "files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }


def on_unexpected(request, exc: Exception) -> HttpResponse:
    if is_unavailable(exc):  # the database or Redis is down: 503, not a bug
        return unavailable_response(request, exc)
    logger.exception("Unhandled API error on %s %s", request.method, request.path)
    return problem(500)


def problem_handlers_install(api) -> None:
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(AuthenticationError, on_http_error)
    api.add_exception_handler(AuthorizationError, on_http_error)
    api.add_exception_handler(Http404, on_http404)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(Ratelimited, on_ratelimited)
    for kind in (SuspiciousOperation, BadRequest, MultiPartParserError, UnreadablePostError):
        api.add_exception_handler(kind, on_bad_body)
    api.add_exception_handler(Exception, on_unexpected)


def not_found(request, exception=None):
    """Root 404 handler: API paths answer with a problem, pages with the site's 404 page."""
    if request.path_info.startswith("/api/"):
        return problem(404)

    return page_not_found(request, exception)
