"""The OpenAPI description states the law in force when it is read, not when the code was written.

Summaries, descriptions and field descriptions may hold tokens ``[[law:NAME]]``; each time the
schema is served (``/api/v1/openapi.json``, the docs page) they are replaced from the data:

- ``[[law:response_days]]``, ``[[law:extension_days]]``, ``[[law:objection_days]]``,
  ``[[law:objection_response_days]]``, ``[[law:dispute_days]]``: the public-information rule set
  in force today; ``[[law:election.response_days]]`` and so on: the election rule set in force.
- ``[[law:exemption_grounds]]``, ``[[law:objection_grounds]]``: the codes in force with the
  article and short label of each (law.LegalGround); ``[[law:settleable_grounds]]``: the codes of
  the objection grounds that may be settled by agreement.
"""

from __future__ import annotations

import re

from django.utils.translation import override

from eppid.law.models import EXEMPTION_KINDS, GroundKind, Regime
from eppid.law.selectors import grounds_in_force
from eppid.law.terms import terms_in_force

TOKEN = re.compile(r"\[\[law:([a-z_.]+)\]\]")
DAY_NAMES = ("response_days", "extension_days", "objection_days", "objection_response_days", "dispute_days")


def _grounds_text(kind) -> str:
    with override("en"):
        return "; ".join(f"`{ground.code}`: {ground.label}" for ground in grounds_in_force(kind))


def law_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for prefix, regime in (("", Regime.GENERAL), ("election.", Regime.ELECTION)):
        terms = terms_in_force(regime=regime)
        for name in DAY_NAMES:
            days = getattr(terms, name)
            values[prefix + name] = str(days) if days is not None else "?"
    values["exemption_grounds"] = _grounds_text(EXEMPTION_KINDS)
    values["objection_grounds"] = _grounds_text(GroundKind.OBJECTION)
    values["settleable_grounds"] = ", ".join(
        ground.code for ground in grounds_in_force(GroundKind.OBJECTION) if ground.settleable
    )
    return values


def _fill(node, values: dict[str, str]):
    if isinstance(node, str):
        return (
            TOKEN.sub(lambda match: values.get(match.group(1), match.group(0)), node)
            if "[[law:" in node
            else node
        )
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values) for value in node]
    return node


def schema_with_law(schema: dict) -> dict:
    """``schema`` with every ``[[law:...]]`` token replaced by today's data."""
    return _fill(dict(schema), law_values())
