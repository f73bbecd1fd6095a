"""Helpers for the survey tests (not a test module): decided requests and full score sets."""

from __future__ import annotations

from tests.objection_support import at, decided_request, filed_request

from eppid.reports.survey_rules import ELEMENT_CODES

DECIDED_AT = at(2026, 3, 10, 9, 0)
ANSWER_DAY = at(2026, 3, 12, 10, 0)


def scores(value=4, **overrides) -> dict:
    data = dict.fromkeys(ELEMENT_CODES, value)
    data.update(overrides)
    return data


def decided(officer, outcome="granted"):
    """A request of 2 March 2026 decided on 10 March; returns (request, tracking code)."""
    return decided_request(officer, DECIDED_AT, outcome=outcome)


def undecided():
    return filed_request()
