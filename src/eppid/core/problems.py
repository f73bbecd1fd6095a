"""RFC 9457 problem answers (``application/problem+json``): the body every API error has.

The API (``eppid.api.problems``) answers its errors with ``problem()``; so does anything below the
screens that answers an ``/api/`` path itself, such as the service-unavailable middleware
(``eppid.core.unavailable``). The API speaks the caller's ``Accept-Language`` (contract section 2):
``accept_language`` is that choice, default Indonesian.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Invalid input"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Internal server error"),
    503: gettext_lazy("Service temporarily unavailable"),
}

DEFAULT_DETAILS = {
    401: gettext_lazy("Send a valid API token in the header: Authorization: Bearer <token>."),
    403: gettext_lazy("You are not allowed to do this."),
    404: gettext_lazy("The requested resource does not exist."),
    409: gettext_lazy("This is not allowed in the current state of the record."),
    422: gettext_lazy("The input is not valid; see errors for each field."),
    429: gettext_lazy("Too many requests. Wait a moment and try again."),
    500: gettext_lazy("Something went wrong on our side. The error has been logged."),
    503: gettext_lazy(
        "e-PPID cannot answer right now; try again in a few minutes. A request you were filing "
        "may have been received: check its status before sending it again."
    ),
}


def problem(status: int, detail: str | None = None, *, title: str | None = None, **extra) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": str(title or TITLES.get(status, _("Error"))),
        "status": status,
        "detail": str(detail if detail is not None else DEFAULT_DETAILS.get(status, "")),
        **extra,
    }
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def accept_language(header: str) -> str:
    """The first supported language of an ``Accept-Language`` header; Indonesian otherwise."""
    for code, _quality in parse_accept_lang_header(header or ""):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
