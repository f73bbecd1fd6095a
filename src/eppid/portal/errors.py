"""Error pages. They never show a traceback or an exception message, whatever DEBUG says."""

from __future__ import annotations

import logging
import sys

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from eppid.core.unavailable import is_unavailable, unavailable_response

logger = logging.getLogger(__name__)

# Last resort when even the template cannot render (a missing static manifest, a broken tag):
# plain markup in both languages, nothing that could fail in turn.
FALLBACK_500 = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Terjadi masalah – e-PPID Bawaslu</title></head><body><main>"
    "<h1>Maaf, terjadi masalah pada layanan</h1><p>Silakan coba lagi nanti.</p>"
    '<p lang="en">Sorry, there is a problem with the service. Please try again later.</p>'
    "</main></body></html>"
)


def server_error(request, template_name: str = "500.html"):
    """handler500: renders without context processors, which may be what failed.

    The database or Redis out of reach (raised in a middleware: a view's is answered before) is
    not a bug: 503 with Retry-After (eppid.core.unavailable); Django logs the exception.
    """
    exc = sys.exc_info()[1]
    if is_unavailable(exc):
        return unavailable_response(request, exc, log=False)
    try:
        body = loader.get_template(template_name).render({"request": request})
    except Exception:
        logger.exception("The 500 page itself failed to render")
        body = FALLBACK_500
    return HttpResponseServerError(body)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the usual cause is an expired form, so say that and offer a way back."""
    return render(request, "403_csrf.html", status=403)
