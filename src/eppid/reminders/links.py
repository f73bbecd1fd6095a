"""Links in emails: absolute URLs to the console and the public status page.

A URL name that no longer exists raises ``NoReverseMatch``: a renamed page must fail the tests,
never send people to the home page instead.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(path: str) -> str:
    """``path`` on the public address of the site (EPPID_PUBLIC_URL, e.g. https://ppid.example)."""
    return settings.EPPID_PUBLIC_URL.rstrip("/") + path


def console_request_path(request) -> str:
    """The request's page in the officer console (Indonesian URLs: staff mail is Indonesian)."""
    with translation.override("id"):
        return reverse(
            "office:request", kwargs={"code": request.unit.code, "number": request.registration_number}
        )


def status_page_path(request, language: str = "id") -> str:
    """The public status page; the requester still needs the tracking code to open it."""
    with translation.override(language):
        return reverse("portal:request-status")


def survey_page_path(request, language: str = "id") -> str:
    """The satisfaction survey page with the registration number filled in (never the code)."""
    with translation.override(language):
        path = reverse("portal:survey")
    return f"{path}?{urlencode({'nomor': request.registration_number})}"
