"""The working days the public pages state come from the deadline rules in force, not from code."""

import re
from datetime import date

import pytest
from freezegun import freeze_time

from eppid.law.deadlines import deadline_days, deadline_days_in_force
from eppid.law.models import DeadlineRule, DeadlineRuleSet, DeadlineStep

pytestmark = pytest.mark.django_db

AMENDED = {
    "request_response": 12,
    "request_extension": 5,
    "objection_filing": 25,
    "objection_response": 20,
    "dispute_filing": 21,
    "objection_followup": 9,
}
BEFORE = "2026-12-30 03:00:00"  # Wednesday 30 December 2026, 10:00 in Jakarta
AFTER = "2027-01-04 03:00:00"  # Monday 4 January 2027: the amended rules are in force


@pytest.fixture
def amended_rules():
    rule_set = DeadlineRuleSet.objects.create(
        name="Amended law", effective_from=date(2027, 1, 1), legal_basis="A future amendment"
    )
    for step, days in AMENDED.items():
        DeadlineRule.objects.create(rule_set=rule_set, step=step, working_days=days)
    return rule_set


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def charter_text(body) -> str:
    return " ".join(item["text"] for item in body["profile"]["charter"])


ENGLISH_NEW = [
    "within 12 working days",
    "by at most 5 working days",
    "within 25 working days",
    "within 20 working days",
    "within 21 working days",
]
ENGLISH_OLD = ["within 10 working days", "by at most 7 working days", "within 30 working days"]


def test_deadline_days_in_force_agrees_with_deadline_days(amended_rules):
    for on_date in (date(2026, 12, 31), date(2027, 1, 1)):
        assert deadline_days_in_force(on_date) == {
            step: deadline_days(step, on_date) for step in DeadlineStep.values
        }
    assert deadline_days_in_force(date(2010, 4, 29)) == {}


def test_pages_state_the_rules_in_force_today(client, amended_rules):
    pages = {
        "home": lambda: text_of(client.get("/en/")),
        "unit page": lambda: text_of(client.get("/en/units/35.04/")),
        "api": lambda: charter_text(client.get("/api/v1/units/35.04", HTTP_ACCEPT_LANGUAGE="en").json()),
    }
    with freeze_time(BEFORE):
        for name, read in pages.items():
            text = read()
            assert "within 10 working days" in text, name
            assert "within 12 working days" not in text, name
    with freeze_time(AFTER):
        for name, read in pages.items():
            text = read()
            for phrase in ENGLISH_NEW:
                assert phrase in text, (name, phrase)
            for phrase in ENGLISH_OLD:
                assert phrase not in text, (name, phrase)


def test_indonesian_pages_state_the_new_numbers(client, amended_rules):
    with freeze_time(AFTER):
        home = text_of(client.get("/"))
        unit = text_of(client.get("/units/35.04/"))
        api = charter_text(client.get("/api/v1/units/35.04", HTTP_ACCEPT_LANGUAGE="id").json())
    for text in (home, unit, api):
        assert "paling lambat 12 hari kerja" in text
        assert "paling lama 5 hari kerja" in text
        assert "paling lambat 21 hari kerja" in text
        assert "paling lambat 10 hari kerja" not in text


def test_without_a_complete_rule_set_the_pages_speak_in_general_words(client):
    DeadlineRule.objects.filter(step="dispute_filing").delete()
    home = client.get("/en/")
    unit = client.get("/en/units/35.04/")
    api = client.get("/api/v1/units/35.04", HTTP_ACCEPT_LANGUAGE="en")
    for response in (home, unit, api):
        assert response.status_code == 200
    for text in (text_of(home), text_of(unit), charter_text(api.json())):
        assert "set by law" in text
        assert "working days" not in text
