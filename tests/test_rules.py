"""Deadline rule sets: data with an effective date, seeded by migration, locked once in force."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from freezegun import freeze_time

from eppid.law.calendar import add_working_days, receipt_date
from eppid.law.deadlines import DeadlineRuleMissing, deadline_days, deadline_for
from eppid.law.models import DeadlineRule, DeadlineRuleSet, DeadlineStep

SEEDED = {
    "request_response": 10,
    "request_extension": 7,
    "objection_filing": 30,
    "objection_response": 30,
    "dispute_filing": 14,
    "objection_followup": 10,
}
NOW = "2026-03-02 03:00:00"  # Monday 2 March 2026, 10:00 in Jakarta


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the services' reasons in English (the msgids); the pages are tested in Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _frozen():
    with freeze_time(NOW):
        yield


def new_rule_set(effective_from, days=None, name="Amended law"):
    rule_set = DeadlineRuleSet.objects.create(name=name, effective_from=effective_from, legal_basis="Test")
    for step, working_days in (days or SEEDED).items():
        DeadlineRule.objects.create(rule_set=rule_set, step=step, working_days=working_days)
    return rule_set


@pytest.mark.django_db
def test_migration_seeds_uu_14_2008():
    rule_set = DeadlineRuleSet.objects.get(regime="general")
    assert rule_set.effective_from == date(2010, 4, 30)
    assert "14 Tahun 2008" in rule_set.name
    assert dict(rule_set.rules.values_list("step", "working_days")) == SEEDED
    for step, working_days in SEEDED.items():
        assert deadline_days(step, date(2026, 3, 2)) == working_days
        assert deadline_days(step, date(2010, 4, 30)) == working_days


@pytest.mark.django_db
def test_no_rule_set_before_the_law_came_into_force():
    with pytest.raises(DeadlineRuleMissing) as excinfo:
        deadline_days("request_response", date(2010, 4, 29))
    assert "2010-04-29" in str(excinfo.value)


@pytest.mark.django_db
def test_unknown_step_is_refused():
    with pytest.raises(ValueError, match="unknown deadline step"):
        deadline_days("appeal_to_court", date(2026, 3, 2))


@pytest.mark.django_db
def test_rule_set_change_applies_from_its_effective_date():
    new_rule_set(date(2026, 7, 1), {**SEEDED, "request_response": 5})
    assert deadline_days("request_response", date(2026, 6, 30)) == 10
    assert deadline_days("request_response", date(2026, 7, 1)) == 5
    assert deadline_days("objection_response", date(2026, 7, 1)) == 30
    # Tue 30 June 2026 + 10 working days = Tue 14 July; Wed 1 July + 5 = Wed 8 July.
    assert deadline_for("request_response", date(2026, 6, 30)) == date(2026, 7, 14)
    assert deadline_for("request_response", date(2026, 7, 1)) == date(2026, 7, 8)


@pytest.mark.django_db
def test_rule_set_without_the_step_is_a_clear_error():
    new_rule_set(date(2026, 7, 1), {"request_response": 5})
    with pytest.raises(DeadlineRuleMissing) as excinfo:
        deadline_days("dispute_filing", date(2026, 8, 3))
    assert "dispute_filing" in str(excinfo.value)
    assert "Amended law" in str(excinfo.value)


@pytest.mark.django_db
def test_deadline_for_a_request_received_before_lebaran_2026():
    # Received Tuesday 17 March 2026; the break of 18-24 March and Good Friday push 10 WD to 8 April.
    assert deadline_for("request_response", receipt_date(date(2026, 3, 17))) == date(2026, 4, 8)
    # The extension runs 7 working days after the original due date: 9, 10, 13, 14, 15, 16, 17 April.
    assert deadline_for("request_extension", date(2026, 4, 8)) == date(2026, 4, 17)
    assert deadline_for("objection_response", date(2026, 4, 8), "35.04") == add_working_days(
        date(2026, 4, 8), 30
    )


@pytest.mark.django_db
def test_rule_set_in_force_cannot_be_edited():
    seeded = DeadlineRuleSet.objects.get(regime="general")
    seeded.legal_basis = "Rewritten"
    with pytest.raises(ValidationError, match="already in force"):
        seeded.full_clean()
    rule = seeded.rules.get(step="request_response")
    rule.working_days = 3
    with pytest.raises(ValidationError, match="already in force"):
        rule.full_clean()


@pytest.mark.django_db
def test_future_rule_set_may_be_edited_until_it_comes_into_force():
    future = new_rule_set(date(2026, 7, 1))
    future.legal_basis = "Corrected"
    future.full_clean()
    rule = future.rules.get(step="request_response")
    rule.working_days = 8
    rule.full_clean()
    with freeze_time("2026-07-01 03:00:00"):
        future.refresh_from_db()
        with pytest.raises(ValidationError, match="already in force"):
            future.full_clean()


@pytest.mark.django_db
def test_new_rule_set_must_start_after_today():
    candidate = DeadlineRuleSet(name="Backdated", effective_from=date(2026, 3, 2), legal_basis="x")
    with pytest.raises(ValidationError) as excinfo:
        candidate.full_clean()
    assert "effective_from" in excinfo.value.message_dict


def admin_post_data(rules, *, name="UU amendment", effective_from="2026-09-01", initial=0):
    data = {
        "name": name,
        "regime": "general",
        "effective_from": effective_from,
        "legal_basis": "UU amendment, Pasal 22",
        "rules-TOTAL_FORMS": str(len(rules)),
        "rules-INITIAL_FORMS": str(initial),
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "6",
    }
    for index, (rule_id, step, days) in enumerate(rules):
        data[f"rules-{index}-id"] = str(rule_id or "")
        data[f"rules-{index}-step"] = step
        data[f"rules-{index}-working_days"] = str(days)
        data[f"rules-{index}-basis"] = ""
    return data


@pytest.fixture
def admin_client(make_staff, verified_client):
    return verified_client(make_staff("sysadmin", is_superuser=True, is_staff=True))


def test_admin_adds_a_complete_future_rule_set(admin_client):
    rules = [(None, step, days) for step, days in SEEDED.items()]
    response = admin_client.post("/en/admin/law/deadlineruleset/add/", admin_post_data(rules))
    assert response.status_code == 302
    added = DeadlineRuleSet.objects.get(effective_from=date(2026, 9, 1))
    assert added.rules.count() == 6


def test_admin_refuses_an_incomplete_rule_set(admin_client):
    rules = [(None, "request_response", 10)]
    response = admin_client.post("/en/admin/law/deadlineruleset/add/", admin_post_data(rules))
    assert response.status_code == 200
    assert "needs a rule for every step" in response.content.decode()
    assert DeadlineRuleSet.objects.filter(regime="general").count() == 1


def test_admin_refuses_to_edit_the_rule_set_in_force(admin_client):
    seeded = DeadlineRuleSet.objects.get(regime="general")
    rules = [(rule.pk, rule.step, 1) for rule in seeded.rules.all()]
    data = admin_post_data(rules, name=seeded.name, effective_from="2010-04-30", initial=len(rules))
    response = admin_client.post(f"/en/admin/law/deadlineruleset/{seeded.pk}/change/", data)
    assert response.status_code == 200
    assert "already in force" in response.content.decode()
    assert dict(seeded.rules.values_list("step", "working_days")) == SEEDED
    delete = admin_client.post(f"/en/admin/law/deadlineruleset/{seeded.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert DeadlineRuleSet.objects.filter(pk=seeded.pk).exists()


def test_rules_page_lists_rule_sets(make_staff, verified_client):
    from eppid.organisation.models import Unit

    Unit.objects.get_or_create(
        code="35.04", defaults={"name": "Tulungagung", "level": "regency", "region_name": "Tulungagung"}
    )
    new_rule_set(date(2026, 7, 1), {**SEEDED, "request_response": 5}, name="Scheduled amendment")
    officer = make_staff("petugas", ("35.04", "officer"))
    response = verified_client(officer).get("/en/office/calendar/rules/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "UU No. 14 Tahun 2008" in page
    assert "Scheduled amendment" in page
    assert "In force" in page and "Scheduled" in page
    assert str(DeadlineStep.REQUEST_RESPONSE.label) in page
    assert "Pasal 22(7)" in page
