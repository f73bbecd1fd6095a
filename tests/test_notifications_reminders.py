"""The one rule for reminders to a unit's PPID: at most once per period, one unit's failure stops
no other, and a console link whose URL name is gone fails instead of pointing elsewhere."""

from __future__ import annotations

import logging

import pytest
from django.db import IntegrityError
from django.urls import NoReverseMatch

from eppid.notifications.models import OutboundEmail
from eppid.notifications.reminders import reminder_send_once, reminders_send_each, staff_link
from eppid.organisation.models import Unit

pytestmark = pytest.mark.django_db
TEMPLATES = ("reports/email/annual_reminder_subject.txt", "reports/email/annual_reminder_body.txt")


def _context(unit):
    return {"unit": unit, "year": 2026, "due_on": None, "basis": "Pasal 56", "overdue": False, "link": "x"}


def test_a_reminder_is_recorded_and_mailed_to_the_ppid_only(make_staff):
    make_staff("ppid", ("35.04", "ppid"), email="ppid@example.org")
    make_staff("petugas", ("35.04", "officer"), email="petugas@example.org")
    unit = Unit.objects.get(code="35.04")
    counts = []
    reminder = reminder_send_once(
        unit=unit,
        record=lambda count: counts.append(count) or "row",
        templates=TEMPLATES,
        context=_context(unit),
        reference="ref-1",
    )
    assert reminder == "row" and counts == [1]
    assert [(email.to, email.reference) for email in OutboundEmail.objects.all()] == [
        ("ppid@example.org", "ref-1")
    ]


def test_a_period_already_reminded_sends_nothing(make_staff):
    make_staff("ppid", ("35.04", "ppid"), email="ppid@example.org")
    unit = Unit.objects.get(code="35.04")

    def taken(count):
        raise IntegrityError("unique per period")

    assert (
        reminder_send_once(
            unit=unit, record=taken, templates=TEMPLATES, context=_context(unit), reference="r"
        )
        is None
    )
    assert not OutboundEmail.objects.exists()


def test_one_failing_item_stops_no_other(caplog):
    def send(item):
        if item == 2:
            raise RuntimeError("broken unit")
        return None if item == 3 else item * 10

    with caplog.at_level(logging.ERROR, logger="eppid.test"):
        sent = reminders_send_each(
            [1, 2, 3, 4], send, logger=logging.getLogger("eppid.test"), describe=lambda item: f"item {item}"
        )
    assert sent == [10, 40]
    assert "reminder item 2 failed" in caplog.text


def test_a_staff_link_is_absolute_and_indonesian(settings):
    settings.EPPID_PUBLIC_URL = "https://ppid.example/"
    link = staff_link("office:annual-report", query="year=2026", code="35.04")
    assert link == "https://ppid.example/office/units/35.04/annual-report/?year=2026"


def test_a_renamed_console_page_fails_instead_of_linking_elsewhere():
    with pytest.raises(NoReverseMatch):
        staff_link("office:no-such-page", code="35.04")
