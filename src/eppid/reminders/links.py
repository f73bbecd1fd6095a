"""Links in emails: absolute URLs to the console and the public status page."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def absolute_url(path: str) -> str:
    """``path`` on the public address of the site (EPPID_PUBLIC_URL, e.g. https://ppid.example)."""
    return settings.EPPID_PUBLIC_URL.rstrip("/") + path


def _first_reverse(names: tuple[str, ...], **kwargs) -> str | None:
    for name in names:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def console_request_path(request) -> str:
    """The request's page in the officer console (Indonesian URLs: staff mail is Indonesian)."""
    with translation.override("id"):
        path = _first_reverse(
            ("office:request", "office:request-detail"),
            code=request.unit.code,
            number=request.registration_number,
        )
        return path or reverse("office:unit", kwargs={"code": request.unit.code})


def status_page_path(request, language: str = "id") -> str:
    """The public status page; the requester still needs the tracking code to open it."""
    with translation.override(language):
        return _first_reverse(("portal:request-status",)) or reverse("portal:home")


def survey_page_path(request, language: str = "id") -> str:
    """The satisfaction survey page with the registration number filled in (never the code)."""
    from urllib.parse import urlencode

    with translation.override(language):
        path = _first_reverse(("portal:survey",))
    if path is None:
        return status_page_path(request, language)
    return f"{path}?{urlencode({'nomor': request.registration_number})}"
