"""Template filters that put the law's data into request pages: ``{% load request_law %}``.

``{{ request|request_rules }}``: the rules the request follows (name, terms, why);
``{{ decision|exemption_label }}``: the exemption the decision names, in the active language.
"""

from __future__ import annotations

from django import template

from eppid.disclosure import case_rules

register = template.Library()


@register.filter
def request_rules(request):
    return case_rules.request_rules(request) if request is not None else None


@register.filter
def exemption_label(decision) -> str:
    return case_rules.exemption_label(decision) if decision is not None else ""


@register.filter
def exemption_ground(decision):
    return case_rules.exemption_ground(decision) if decision is not None else None
