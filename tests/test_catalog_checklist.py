"""The statutory checklist (data), its states per unit and year, and the reminders to the PPID."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from tests.catalog_support import catalog_staff, published, unit, verify

from eppid.catalog.checklist import ItemState, checklist_due, checklist_for_unit, months_after
from eppid.catalog.models import ChecklistReminder, InformationType
from eppid.catalog.reminders import checklist_reminders_send
from eppid.catalog.services import entry_draft_update, entry_publish, entry_version_start
from eppid.notifications.models import OutboundEmail
from eppid.scheduling import PERIODIC

pytestmark = pytest.mark.django_db

JAKARTA = timezone.get_fixed_timezone(7 * 60)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen():
    """The URLconf imports the API's schemas, which bind ``date`` and ``datetime`` at import: load
    it with the real classes, never with freezegun's stand-ins (the first import may be here)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing is the point


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def test_the_checklist_is_data_with_the_statutory_items():
    checklist = set(InformationType.objects.filter(checklist=True).values_list("code", flat=True))
    assert {
        "profile",
        "programmes",
        "performance",
        "finances",
        "access_summary",
        "regulations",
        "request_procedures",
        "complaint_procedure",
        "procurement",
        "early_warning",
        "election_stages",
        "election_rights",
        "election_results",
        "election_participation",
    } == checklist
    assert set(InformationType.objects.filter(checklist=True).values_list("renewal_months", flat=True)) == {6}
    # Perki 1/2019 is known from secondary sources only: its items are marked to confirm.
    election = InformationType.objects.filter(election=True)
    assert election.count() == 5 and all(kind.to_confirm for kind in election)
    assert not InformationType.objects.filter(election=False, to_confirm=True).exists()
    assert InformationType.objects.get(code="election_rule_changes").category == "immediate"


def test_a_fresh_database_logs_the_types_and_verifies():
    assert verify()[0] == 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_months_after(day, months, expected):
    assert months_after(day, months) == expected


def test_states_missing_current_due_and_stale(staff, settings):
    settings.EPPID_CATALOG_REMINDER_DAYS = 14
    officer, ppid = staff
    with freeze_time(at(date(2026, 1, 10))):
        published(officer, ppid, type="profile", created="2026-01-05")
        published(officer, ppid, type="finances", created="2026-01-05", title="Keuangan")

    def states(today):
        rows = checklist_for_unit(unit(), 2026, today=today).rows
        return {row.info_type.code: row.state for row in rows}

    early = states(date(2026, 3, 1))
    assert early["profile"] == ItemState.CURRENT and early["finances"] == ItemState.CURRENT
    assert early["procurement"] == ItemState.MISSING
    assert states(date(2026, 6, 27))["profile"] == ItemState.DUE  # stale on 10 July, 13 days ahead
    assert states(date(2026, 7, 10))["profile"] == ItemState.STALE
    # A past year: published or missing, staleness no longer counts.
    past = {
        row.info_type.code: row.state for row in checklist_for_unit(unit(), 2026, today=date(2027, 3, 1)).rows
    }
    assert past["profile"] == ItemState.PUBLISHED and past["procurement"] == ItemState.MISSING
    # An entry about another year does not fill this year's item.
    assert states_for_year(2025)["profile"] == ItemState.MISSING


def states_for_year(year):
    return {row.info_type.code: row.state for row in checklist_for_unit(unit(), year).rows}


def test_a_new_version_renews_the_item(staff):
    officer, ppid = staff
    with freeze_time(at(date(2026, 1, 10))):
        entry = published(officer, ppid, type="profile", created="2026-01-05")
    with freeze_time(at(date(2026, 7, 20))):
        assert checklist_for_unit(unit(), 2026).rows[0].state == ItemState.STALE
        entry = entry_version_start(entry=entry, actor=officer)
        from tests.catalog_support import entry_data

        entry = entry_draft_update(
            entry=entry, actor=officer, data=entry_data(type="profile", created="2026-07-01")
        )
        entry_publish(entry=entry, actor=ppid)
        row = next(row for row in checklist_for_unit(unit(), 2026).rows if row.info_type.code == "profile")
        assert row.state == ItemState.CURRENT and row.stale_on == date(2027, 1, 20)


def test_the_ppid_is_reminded_once_before_an_item_goes_stale(staff, make_staff, settings):
    settings.EPPID_CATALOG_REMINDER_DAYS = 14
    officer, ppid = staff
    make_staff("atasan", ("35.04", "superior"), email="atasan@example.org")
    with freeze_time(at(date(2026, 1, 10))):
        published(officer, ppid, type="profile", created="2026-01-05")

    assert checklist_reminders_send(today=date(2026, 6, 25)) == []  # 15 days ahead: not yet
    sent = checklist_reminders_send(today=date(2026, 6, 26))
    assert len(sent) == 1 and sent[0].stale_on == date(2026, 7, 10) and sent[0].recipient_count == 1
    [email] = OutboundEmail.objects.all()
    assert email.to == ppid.email  # the PPID only: officers and superiors do not publish
    assert "Profil badan publik" in email.subject and "10 Juli 2026" in email.body
    assert checklist_reminders_send(today=date(2026, 6, 27)) == []  # never twice for one date
    assert checklist_reminders_send(today=date(2026, 7, 10)) == []  # stale already: too late to remind
    assert ChecklistReminder.objects.count() == 1
    assert verify()[0] == 0


def test_no_reminder_for_items_outside_the_checklist(staff):
    officer, ppid = staff
    with freeze_time(at(date(2026, 1, 10))):
        published(officer, ppid, type="decisions", category="on_demand", created="2026-01-05")
    assert checklist_due(date(2026, 7, 1)) == []


def test_the_reminder_job_is_registered_daily():
    job = PERIODIC["catalog.checklist_reminders"]
    assert job.hour() is not None and job.interval() is None


def test_the_daily_job_sends_the_reminders(staff, settings):
    officer, ppid = staff
    with freeze_time(at(date(2026, 1, 10))):
        published(officer, ppid, type="profile", created="2026-01-05")
    with freeze_time(at(date(2026, 7, 5))):
        result = PERIODIC["catalog.checklist_reminders"].task.enqueue()
    assert str(result.status) == "SUCCESSFUL" and result.return_value == 1


def test_the_overview_counts_gaps_including_due_items(staff):
    officer, ppid = staff
    today = timezone.localdate()
    published(officer, ppid, type="profile", created=(today - timedelta(days=1)).isoformat())
    checklist = checklist_for_unit(unit(), today.year)
    codes = {row.info_type.code for row in checklist.gaps}
    assert "profile" not in codes and "finances" in codes
    assert checklist.to_confirm
