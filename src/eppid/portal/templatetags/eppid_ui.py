"""Template helpers for the shared layout: the language switch and error-summary anchors."""

from __future__ import annotations

from django import template
from django.conf import settings
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


def language_url(request, target: str) -> str:
    """The current page (with its query string) in the ``target`` language."""
    current = get_language() or settings.LANGUAGE_CODE
    full_path = request.get_full_path() if request is not None else "/"
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
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        links.append(
            {"code": code, "name": get_language_info(code)["name_local"], "url": language_url(request, code)}
        )
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
