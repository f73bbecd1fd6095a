"""Issue 11 item 7: the election periods themselves (declared, checked, ended, removed, managed
in the console) and their place in the audited record. The rule they choose is in
tests/test_election_information.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from freezegun import freeze_time
from tests.crypto_models import crypto_tables  # noqa: F401 - verify reads every encrypted model's table
from tests.election_support import at, declare, submit
from tests.integrity_support import verify

import eppid.urls  # noqa: F401 - the URLconf (ninja schemas) must load before freezegun fakes datetime
from eppid.law.models import DeadlineRuleSet, ElectionPeriod, Regime
from eppid.law.services import election_period_add, election_period_end, election_period_remove
from eppid.organisation.selectors import user_may_manage_election_periods

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crypto_tables")]


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_user(username="sysadmin", password="x" * 16, is_superuser=True)


# --- the periods themselves ---------------------------------------------------------------------


def test_periods_are_checked_and_a_started_one_stays(admin, make_staff):
    unit_admin = make_staff("admin3504", ("35.04", "unit_admin"))
    with freeze_time(at(2026, 3, 2, 10, 0)):
        with pytest.raises(ValidationError) as error:
            election_period_add(
                actor=admin,
                name="Backdated",
                starts_on=date(2026, 3, 1),
                ends_on=date(2026, 3, 31),
                unit_code=None,
                may_manage=user_may_manage_election_periods,
            )
        assert "starts_on" in error.value.message_dict
        with pytest.raises(ValidationError):
            election_period_add(
                actor=admin,
                name="Reversed",
                starts_on=date(2026, 3, 9),
                ends_on=date(2026, 3, 8),
                unit_code=None,
                may_manage=user_may_manage_election_periods,
            )
        from django.core.exceptions import PermissionDenied

        for code in (None, "35", "32.01"):
            with pytest.raises(PermissionDenied):
                election_period_add(
                    actor=unit_admin,
                    name="Not theirs",
                    starts_on=date(2026, 3, 9),
                    ends_on=date(2026, 3, 20),
                    unit_code=code,
                    may_manage=user_may_manage_election_periods,
                )
        own = election_period_add(
            actor=unit_admin,
            name="Own",
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 20),
            unit_code="35.04",
            may_manage=user_may_manage_election_periods,
        )
        with pytest.raises(ValidationError) as overlap:
            election_period_add(
                actor=unit_admin,
                name="Overlap",
                starts_on=date(2026, 3, 20),
                ends_on=date(2026, 3, 27),
                unit_code="35.04",
                may_manage=user_may_manage_election_periods,
            )
        assert "Own" in str(overlap.value)
        with pytest.raises(ValidationError):
            election_period_remove(actor=unit_admin, period=own, may_manage=user_may_manage_election_periods)
    assert ElectionPeriod.objects.filter(pk=own.pk).exists()


def test_the_console_manages_periods(admin, make_staff, verified_client):
    unit_admin = verified_client(make_staff("admin3504", ("35.04", "unit_admin")))
    with freeze_time(at(2026, 3, 2, 10, 0)):
        form = unit_admin.get("/en/office/calendar/elections/new/").content.decode()
        assert "All units (national)" not in form
        response = unit_admin.post(
            "/en/office/calendar/elections/new/",
            {"name": "Pilkada 2026", "starts_on": "2026-03-09", "ends_on": "2026-03-31", "unit": "35.04"},
        )
        assert response.status_code == 302
        foreign = unit_admin.post(
            "/en/office/calendar/elections/new/",
            {"name": "Theirs", "starts_on": "2026-03-09", "ends_on": "2026-03-31", "unit": "32.01"},
        )
        assert foreign.status_code == 200 and ElectionPeriod.objects.count() == 1
        period = ElectionPeriod.objects.get()
        listing = unit_admin.get("/en/office/calendar/elections/").content.decode()
        assert "Pilkada 2026" in listing and "Remove" in listing
        assert unit_admin.post(f"/en/office/calendar/elections/{period.pk}/remove/").status_code == 302
        assert not ElectionPeriod.objects.exists()
    with freeze_time(at(2026, 3, 2, 10, 0)):
        started = declare(admin, "35.04", date(2026, 3, 2), date(2026, 3, 31))
        refused = unit_admin.post(f"/en/office/calendar/elections/{started.pk}/remove/")
        assert refused.status_code == 409 and ElectionPeriod.objects.filter(pk=started.pk).exists()
        assert "<title>Error: " in refused.content.decode()  # the error pattern: the title says so
        ended = unit_admin.post(f"/en/office/calendar/elections/{started.pk}/end/", {"ends_on": "2026-03-06"})
        assert ended.status_code == 302
    started.refresh_from_db()
    assert started.ends_on == date(2026, 3, 6)


# --- the audited record -------------------------------------------------------------------------


@pytest.mark.tampers
def test_the_rules_chosen_are_part_of_the_audited_record(admin):
    declare(admin, "35.04", date(2026, 3, 2), date(2026, 3, 31))
    request = submit(at(2026, 3, 2, 10, 0)).request
    code, out = verify()
    assert code == 0, out
    general = DeadlineRuleSet.objects.get(regime=Regime.GENERAL)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE disclosure_informationrequest SET rule_set_id = %s, election_period_id = NULL "
            "WHERE id = %s",
            [general.pk, request.pk],
        )
    code, out = verify()
    assert code == 1 and request.registration_number in out


def test_a_period_is_audited_and_verifies(admin):
    period = declare(admin, None, date(2026, 3, 9), date(2026, 3, 31))
    with freeze_time(at(2026, 3, 2, 10, 0)):
        election_period_end(
            actor=admin,
            period=period,
            last_day=date(2026, 3, 20),
            may_manage=user_may_manage_election_periods,
        )
    code, out = verify()
    assert code == 0, out
