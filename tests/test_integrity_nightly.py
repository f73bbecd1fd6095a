"""The nightly integrity check: kept, mailed, logged, and shown to staff when it finds tampering."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from eppid.integrity.models import IntegrityRun, LogEntry
from eppid.integrity.nightly import integrity_run_due, integrity_run_perform
from eppid.organisation.models import Unit
from eppid.organisation.services import unit_profile_update

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def admin(make_staff):
    return make_staff("nightly-admin", is_superuser=True, is_staff=True, email="admin@bawaslu.example")


def tamper_with_a_profile(admin):
    unit = Unit.objects.get(code="35.04")
    profile = unit_profile_update(unit=unit, actor=admin, data={"phone": "0355 123456"})
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organisation_unitprofile SET phone = %s WHERE id = %s", ["0355 999999", profile.pk]
        )


def test_a_clean_night_is_kept_and_quiet(admin, verified_client):
    run = integrity_run_perform()
    assert run.intact
    assert mail.outbox == []
    assert "banner--warning" not in verified_client(admin).get("/office/").content.decode()


@pytest.mark.tampers
def test_tampering_is_mailed_logged_and_shown_to_staff(admin, verified_client, make_staff):
    tamper_with_a_profile(admin)
    entries_before = LogEntry.objects.count()

    run = integrity_run_perform()

    assert run.findings_count >= 1
    assert "organisation.UnitProfile" in run.findings
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@bawaslu.example"]
    assert "organisation.UnitProfile" in mail.outbox[0].body
    logged = LogEntry.objects.filter(seq__gte=entries_before, action="integrity_check_failed")
    assert logged.count() == 1
    officer = make_staff("nightly-officer", ("35.04", "officer"))
    page = verified_client(officer).get("/office/").content.decode()
    assert "banner--warning" in page
    assert "berbeda dari log transparansi" in page  # Indonesian by default
    # Citizens never see it: the banner is for staff who passed the second factor.
    assert "banner--warning" not in Client().get("/").content.decode()


def test_runs_once_a_day_from_the_configured_hour(settings):
    settings.EPPID_VERIFY_HOUR = 1
    night = datetime(2026, 3, 2, 0, 30, tzinfo=JAKARTA)
    assert integrity_run_due(night) is False
    after = datetime(2026, 3, 2, 1, 5, tzinfo=JAKARTA)
    assert integrity_run_due(after) is True
    IntegrityRun.objects.create(started_at=after, finished_at=after)
    assert integrity_run_due(datetime(2026, 3, 2, 23, 0, tzinfo=JAKARTA)) is False
    assert integrity_run_due(datetime(2026, 3, 3, 1, 0, tzinfo=JAKARTA)) is True


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_the_check_when_due(settings, admin):
    # Transactional: the scheduler closes stale connections between jobs, as a long-lived process must.
    settings.EPPID_VERIFY_HOUR = 0
    call_command("run_scheduler", "--once")
    assert IntegrityRun.objects.count() == 1
    call_command("run_scheduler", "--once")
    assert IntegrityRun.objects.count() == 1


@pytest.mark.tampers
def test_a_failure_that_cannot_be_logged_is_still_kept_and_mailed(admin, monkeypatch):
    import eppid.integrity.nightly as nightly

    tamper_with_a_profile(admin)

    def broken_log(**kwargs):
        raise RuntimeError("the tree does not extend")

    monkeypatch.setattr(nightly, "log_append", broken_log)
    run = integrity_run_perform()
    assert run.findings_count >= 1
    assert "could not be logged: the tree does not extend" in IntegrityRun.objects.get(pk=run.pk).findings
    assert len(mail.outbox) == 1
