"""Issue 11 item 7: election information follows the election rule set during a declared period.

Calendar (2026, holidays package ID public+government): Nyepi and its joint leave 18-19 March,
Lebaran with cuti bersama 20-24 March, Good Friday 3 April. The election rule set seeded by
migration (Perki 1/2019, to confirm): written notice 3 working days, one extension of 2, the
atasan PPID answers an objection in 3; the public-information set: 10, 7 and 30.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from freezegun import freeze_time
from tests.crypto_models import crypto_tables  # noqa: F401 - verify reads every encrypted model's table
from tests.disclosure_support import pdf_upload, request_data
from tests.election_support import ELECTION_SET, at, declare, regime, submit
from tests.request_support import fill_until_check, step_url

import eppid.urls  # noqa: F401 - the URLconf (ninja schemas) must load before freezegun fakes datetime
from eppid.accounts.services import api_token_create
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.register import RegisterPeriod, register_table
from eppid.disclosure.services import (
    request_decide,
    request_extend,
    request_forward,
    request_start,
    request_submit,
)
from eppid.law.calendar import add_working_days
from eppid.law.models import Regime
from eppid.law.services import election_period_end
from eppid.objections.services import objection_file
from eppid.organisation.models import Unit
from eppid.organisation.selectors import user_may_manage_election_periods

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crypto_tables")]

# --- the rule, at both ends of a period, across holidays --------------------------------------


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_user(username="sysadmin", password="x" * 16, is_superuser=True)


def test_the_period_decides_on_the_day_the_request_counts_as_received(admin):
    period = declare(admin, "35.04", date(2026, 3, 9), date(2026, 3, 13))
    before = submit(at(2026, 3, 6, 10, 0)).request  # Friday before the first day
    first = submit(at(2026, 3, 9, 10, 0)).request  # Monday, the first day
    weekend_before = submit(at(2026, 3, 8, 10, 0)).request  # Sunday: counts as received Monday 9
    last = submit(at(2026, 3, 13, 15, 0)).request  # Friday, the last day
    weekend_after = submit(at(2026, 3, 14, 10, 0)).request  # Saturday: counts as received Monday 16

    assert regime(before) == Regime.GENERAL and before.election_period is None
    assert before.due_date == add_working_days(date(2026, 3, 6), 10, "35.04")
    for request in (first, weekend_before):
        assert regime(request) == Regime.ELECTION and request.election_period == period
        assert request.received_on == date(2026, 3, 9) and request.due_date == date(2026, 3, 12)
    # 13 March + 3 working days: 16, 17, then Nyepi and Lebaran (18-24 March), then 25 March.
    assert regime(last) == Regime.ELECTION and last.due_date == date(2026, 3, 25)
    assert regime(weekend_after) == Regime.GENERAL and weekend_after.received_on == date(2026, 3, 16)
    assert weekend_after.due_date == add_working_days(date(2026, 3, 16), 10, "35.04")


def test_outside_election_information_the_public_rules_apply_even_in_a_period(admin):
    declare(admin, None, date(2026, 3, 9), date(2026, 3, 31))
    plain = submit(at(2026, 3, 10, 10, 0), election=False).request
    assert regime(plain) == Regime.GENERAL and plain.due_date == add_working_days(
        date(2026, 3, 10), 10, "35.04"
    )


def test_a_period_covers_its_unit_and_the_units_below_it(admin):
    declare(admin, "35", date(2026, 3, 9), date(2026, 3, 31))
    when = at(2026, 3, 10, 10, 0)
    assert regime(submit(when, unit="35.04").request) == Regime.ELECTION  # a regency below
    assert regime(submit(when, unit="35").request) == Regime.ELECTION  # the province itself
    assert regime(submit(when, unit="32.01").request) == Regime.GENERAL  # another province's regency
    assert regime(submit(when, unit="00").request) == Regime.GENERAL  # the unit above it


def test_a_unit_period_does_not_reach_up_and_a_national_one_reaches_everywhere(admin):
    declare(admin, "35.04", date(2026, 3, 9), date(2026, 3, 13), name="Regency")
    when = at(2026, 3, 10, 10, 0)
    assert regime(submit(when, unit="35").request) == Regime.GENERAL
    national = declare(admin, None, date(2026, 3, 9), date(2026, 3, 13), name="National")
    far = submit(when, unit="32.01").request
    assert regime(far) == Regime.ELECTION and far.election_period == national
    # The most specific period is the one named as the reason.
    assert submit(when, unit="35.04").request.election_period.name == "Regency"


# --- the stored choice: extension, later changes, objections ------------------------------------


def test_the_extension_follows_the_stored_rule_set_whatever_happens_to_periods(admin, make_staff):
    officer = make_staff("ppid", ("35.04", "ppid"))
    period = declare(admin, "35.04", date(2026, 3, 2), date(2026, 3, 31))
    request = submit(at(2026, 3, 2, 10, 0)).request
    assert request.due_date == date(2026, 3, 5)
    with freeze_time(at(2026, 3, 3, 9, 0)):
        election_period_end(
            actor=admin, period=period, last_day=date(2026, 3, 3), may_manage=user_may_manage_election_periods
        )
        later = request_submit(data=request_data(election_information="true")).request
    with freeze_time(at(2026, 3, 4, 9, 0)):
        later_still = request_submit(data=request_data(election_information="true")).request
        request_extend(request=request, actor=officer, reason="Documents are in the regional archive.")
    request.refresh_from_db()
    assert regime(later) == Regime.ELECTION  # received on the new last day
    assert regime(later_still) == Regime.GENERAL
    assert regime(request) == Regime.ELECTION and request.election_period == period
    assert request.due_date == add_working_days(date(2026, 3, 5), 2, "35.04") == date(2026, 3, 9)


def test_an_objection_to_election_information_is_answered_within_the_election_days(admin, make_staff):
    officer = make_staff("ppid", ("35.04", "ppid"))
    declare(admin, "35.04", date(2026, 3, 2), date(2026, 3, 31))
    result = submit(at(2026, 3, 2, 10, 0))
    with freeze_time(at(2026, 3, 4, 10, 0)):
        request_start(request=result.request, actor=officer)
        request_decide(
            request=result.request,
            actor=officer,
            outcome="rejected",
            exemption_basis="bawaslu_b",
            explanation="x",
        )
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection = objection_file(
            registration_number=result.request.registration_number,
            tracking_code=result.tracking_code,
            ground="a",
            statement="The witnesses agreed to be named.",
        ).objection
    assert objection.rule_set.regime == Regime.ELECTION
    # Received Tuesday 17 March: 3 working days after it, across Nyepi and Lebaran, is 27 March.
    assert objection.due_date == date(2026, 3, 27)


def test_an_objection_to_a_general_request_keeps_the_public_rules(make_staff):
    officer = make_staff("ppid", ("35.04", "ppid"))
    result = submit(at(2026, 3, 2, 10, 0))  # election information, but no period declared
    assert regime(result.request) == Regime.GENERAL
    with freeze_time(at(2026, 3, 4, 10, 0)):
        request_start(request=result.request, actor=officer)
        request_decide(request=result.request, actor=officer, outcome="rejected", exemption_basis="h")
    with freeze_time(at(2026, 3, 5, 10, 0)):
        objection = objection_file(
            registration_number=result.request.registration_number,
            tracking_code=result.tracking_code,
            ground="a",
            statement="No.",
        ).objection
    assert objection.rule_set.regime == Regime.GENERAL
    assert objection.due_date == add_working_days(date(2026, 3, 5), 30, "35.04")


def test_forwarding_keeps_the_flag_and_chooses_again_at_the_receiving_unit(admin, make_staff):
    officer = make_staff("ppid", ("35.04", "ppid"))
    declare(admin, "35.04", date(2026, 3, 2), date(2026, 3, 31))
    request = submit(at(2026, 3, 2, 10, 0)).request
    with freeze_time(at(2026, 3, 3, 10, 0)):
        new = request_forward(request=request, actor=officer, unit_code="35", reason="The province holds it.")
    assert new.election_information and regime(new) == Regime.GENERAL  # no period for the province
    assert new.due_date == add_working_days(date(2026, 3, 3), 10, "35")


# --- through the wizard, the console and the API ------------------------------------------------


def test_the_wizard_asks_and_the_pages_say_which_rules_apply(admin, client):
    declare(admin, None, date(2026, 3, 2), date(2026, 3, 31))
    with freeze_time(at(2026, 3, 2, 10, 0)):
        fill_until_check(client, prefix="/en")
        step = client.get(step_url("information", "/en"))
        assert "election information" in step.content.decode()
        answer = {
            "information": "Minutes of the plenary on the recapitulation of votes.",
            "purpose": "Research.",
            "election_information": "on",
        }
        assert (
            client.post(step_url("information", "/en") + "?change=1", {**answer, "change": "1"}).status_code
            == 302
        )
        check = client.get("/en/permohonan/periksa/").content.decode()
        assert "Election information" in check
        done = client.post("/en/permohonan/periksa/", follow=True).content.decode()
    request = InformationRequest.objects.get()
    assert request.election_information and regime(request) == Regime.ELECTION
    assert request.due_date == date(2026, 3, 5)
    assert "5 March 2026" in done and "Pilkada 2026: stages" in done and ELECTION_SET in done


def test_the_console_registers_election_information_and_shows_why(admin, make_staff, verified_client):
    declare(admin, "35", date(2026, 3, 2), date(2026, 3, 31))
    officer = verified_client(make_staff("ppid", ("35.04", "ppid")))
    data = {
        **request_data(),
        "channel": "walk_in",
        "received_date": "2026-03-02",
        "received_time": "09:30",
        "election_information": "on",
        "identity_document": pdf_upload(),
    }
    data.pop("unit")
    with freeze_time(at(2026, 3, 2, 10, 0)):
        response = officer.post("/en/office/units/35.04/requests/new/", data)
        assert response.status_code == 200, response.content[:2000]
        request = InformationRequest.objects.get()
        assert request.election_information and request.due_date == date(2026, 3, 5)
        page = officer.get(f"/en/office/units/35.04/requests/{request.registration_number}/").content.decode()
        rules_page = officer.get("/en/office/calendar/rules/").content.decode()
    assert ELECTION_SET in page and "To confirm against the official text" in page
    assert "Election information received during the declared election period" in page
    assert "Pilkada 2026: stages" in page and "Jawa Timur" in page  # the province and the units below it
    assert "by 2 working days" in page  # the extension this request may get
    assert ELECTION_SET in rules_page and "To confirm against the official text" in rules_page


def test_the_api_takes_the_flag_optionally_and_says_which_rules_apply(admin, client):
    declare(admin, None, date(2026, 3, 2), date(2026, 3, 31))
    with freeze_time(at(2026, 3, 2, 10, 0)):
        flagged = client.post("/api/v1/requests", {**request_data(), "election_information": "true"})
        plain = client.post("/api/v1/requests", request_data())
        wrong = client.post("/api/v1/requests", {**request_data(), "election_information": "maybe"})
        assert flagged.status_code == plain.status_code == 201, (flagged.content, plain.content)
        assert wrong.status_code == 422
        assert flagged.json()["due_date"] == "2026-03-05"
        assert plain.json()["due_date"] == add_working_days(date(2026, 3, 2), 10, "35.04").isoformat()
        body = flagged.json()
        status = client.get(
            f"/api/v1/requests/{body['registration_number']}", HTTP_X_TRACKING_CODE=body["tracking_code"]
        ).json()
    assert status["election_information"] is True
    rules = status["deadline_rules"]
    assert rules["regime"] == "election" and rules["to_confirm"] is True and ELECTION_SET in rules["name"]
    assert "Pilkada 2026: stages" in rules["reason"]


def test_the_staff_api_registers_election_information(admin, make_staff):
    declare(admin, "35.04", date(2026, 3, 2), date(2026, 3, 31))
    officer = make_staff("ppid", ("35.04", "ppid"))
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=officer, name='t')[1]}")
    data = {**request_data(), "channel": "walk_in", "received_at": "2026-03-02T09:00:00+07:00"}
    with freeze_time(at(2026, 3, 2, 10, 0)):
        response = staff.post("/api/v1/staff/requests", {**data, "election_information": "true"})
        assert response.status_code == 201, response.content
        number = response.json()["registration_number"]
        detail = staff.get(f"/api/v1/staff/requests/{number}").json()
        extended = staff.post(
            f"/api/v1/staff/requests/{number}/extend", {"reason": "Archive"}, content_type="application/json"
        )
    assert response.json()["due_date"] == "2026-03-05"
    assert detail["election_information"] is True and detail["deadline_rules"]["regime"] == "election"
    assert extended.json()["due_date"] == "2026-03-09"


def test_the_register_names_the_rules_each_request_follows(admin):
    declare(admin, "35.04", date(2026, 3, 2), date(2026, 3, 31))
    submit(at(2026, 3, 2, 10, 0))
    submit(at(2026, 3, 2, 11, 0), election=False)
    table = register_table(
        Unit.objects.get(code="35.04"), RegisterPeriod(date(2026, 3, 1), date(2026, 3, 31))
    )
    rules = [row["rules"] for row in table.rows]
    assert len(rules) == 2 and any(ELECTION_SET in name for name in rules)
    assert any("14 Tahun 2008" in name for name in rules)
