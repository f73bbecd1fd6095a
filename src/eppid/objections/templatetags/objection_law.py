"""Template filters that put the law's data into objection pages: ``{% load objection_law %}``.

``{{ objection|objection_ground }}``: its ground (law.LegalGround: label, article, text);
``{{ objection|objection_rules }}``: the rules it follows (name, terms, why).
"""

from __future__ import annotations

from django import template

from eppid.objections import rules

register = template.Library()


@register.filter
def objection_ground(objection):
    return rules.ground_of(objection) if objection is not None else None


@register.filter
def objection_rules(objection):
    return rules.objection_rules(objection) if objection is not None else None
