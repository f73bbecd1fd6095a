"""Template helpers for the shared layout: the language switch and error-summary anchors.

A view may give the language switch more query parameters through the context variable
``language_query`` (a mapping): the confirmation page gives its one-time key so that its own
links show it again in the other language (portal/confirmation.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


def _prefix_switch(path: str, current: str, target: str) -> str:
    """Fallback for paths no URL pattern resolves (a 404 page): swap the language prefix by hand."""
    default = settings.LANGUAGE_CODE
    if current != default and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    if target != default:
        path = f"/{target}{path}"
    return path


def _with_query(full_path: str, extra: Mapping[str, str]) -> str:
    path, _sep, query = full_path.partition("?")
    params = QueryDict(query, mutable=True)
    for name, value in extra.items():
        params[name] = value
    return f"{path}?{params.urlencode()}"


def language_url(request, target: str, extra: Mapping[str, str] | None = None) -> str:
    """The current page (with its query string, plus ``extra`` parameters) in the ``target``
    language."""
    current = get_language() or settings.LANGUAGE_CODE
    full_path = request.get_full_path() if request is not None else "/"
    if extra:
        full_path = _with_query(full_path, extra)
    if target == current:
        return full_path
    translated = translate_url(full_path, target)
    if translated != full_path:
        return translated
    path, sep, query = full_path.partition("?")
    # A crafted path such as /en//evil.example/ must not become a protocol-relative link.
    return "/" + _prefix_switch(path, current, target).lstrip("/") + sep + query


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    current = get_language() or settings.LANGUAGE_CODE
    request = context.get("request")
    extra = context.get("language_query")
    extra = extra if isinstance(extra, Mapping) else None
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        name = get_language_info(code)["name_local"]
        links.append({"code": code, "name": name, "url": language_url(request, code, extra)})
    return {"links": links}


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary links to: the input itself, or the first input of a group."""
    if bound_field.use_fieldset:
        subwidgets = bound_field.subwidgets
        if subwidgets:
            first = subwidgets[0].data.get("attrs", {}).get("id")
            if first:
                return first
    return bound_field.id_for_label or bound_field.auto_id or ""
