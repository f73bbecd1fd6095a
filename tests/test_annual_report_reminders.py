"""The annual report's deadline as law data, and the weekly reminder until the report is issued."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from tests.signing_support import pki_setup

from eppid.law.models import YearlyDeadline, YearlyDuty
from eppid.notifications.models import OutboundEmail
from eppid.reports.annual_issue import annual_issue_opens, annual_year_over
from eppid.reports.annual_reminders import annual_report_due, annual_report_reminders_send
from eppid.reports.models import AnnualReportReminder
from eppid.scheduling import PERIODIC

pytestmark = pytest.mark.django_db
JAKARTA = timezone.get_fixed_timezone(7 * 60)


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing is the point


def test_the_deadline_is_data_31_march_of_the_year_after():
    due = annual_report_due(2026)
    assert due.due_on == date(2027, 3, 31) and "Pasal 56" in due.basis
    assert date(2027, 1, 1) < due.remind_from < date(2027, 1, 15)
    # A change in the law is a new row from a later day; earlier years keep their rule.
    YearlyDeadline.objects.create(
        duty=YearlyDuty.ANNUAL_REPORT,
        effective_from=date(2031, 1, 1),
        due_month=4,
        due_day=31,  # past the month's end: its last day
        remind_from_month=2,
        remind_from_day=1,
        basis="a later rule",
    )
    assert annual_report_due(2030).due_on == date(2031, 4, 30)
    assert annual_report_due(2029).due_on == date(2030, 3, 31)


def test_the_page_shows_the_deadline(make_staff, verified_client):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    page = signed_in.get(reverse("office:annual-report", kwargs={"code": "35.04"}), {"year": "2025"})
    assert "31 Maret 2026" in page.content.decode() and "Pasal 56" in page.content.decode()


def test_the_ppid_is_reminded_weekly_until_the_report_is_issued(
    make_staff, verified_client, settings, tmp_path
):
    ppid = make_staff("ppid", ("35.04", "ppid"), email="ppid@example.org")
    make_staff("petugas", ("35.04", "officer"), email="petugas@example.org")
    assert annual_report_reminders_send(today=date(2027, 1, 1)) == []  # before the reminders start
    first = annual_report_reminders_send(today=date(2027, 1, 5))
    assert len(first) == 553 and {row.year for row in first} == {2026}
    [email] = OutboundEmail.objects.all()
    assert email.to == ppid.email  # the PPID only
    assert "2026" in email.subject and "31 Maret 2027" in email.body and "Pasal 56" in email.body
    assert "/office/units/35.04/annual-report/?year=2026" in email.body
    assert annual_report_reminders_send(today=date(2027, 1, 8)) == []  # once a week
    # The reminders start once 2026 is over, so its report may be issued: the PPID, following the
    # link on 8 January 2027, is offered the issue, writes the sections and issues it.
    pki_setup(settings, tmp_path)
    with freeze_time(datetime(2027, 1, 8, 10, tzinfo=JAKARTA)):
        client = verified_client(ppid)
        page = reverse("office:annual-report", kwargs={"code": "35.04"})
        issue = reverse("office:annual-report-issue", kwargs={"code": "35.04"})
        assert issue in client.get(page, {"year": "2026", "scope": "unit"}).content.decode()
        period = {"year": "2026", "scope": "unit"}
        text = dict.fromkeys(("policy", "implementation", "obstacles", "recommendations"), "Ditulis.")
        narratives = reverse("office:annual-report-narratives", kwargs={"code": "35.04"})
        assert client.post(narratives, {**period, **text}).status_code == 302
        assert client.post(issue, period).status_code == 302
    second = annual_report_reminders_send(today=date(2027, 1, 12))
    assert len(second) == 552 and "35.04" not in {row.unit.code for row in second}
    assert OutboundEmail.objects.filter(subject__contains="2026").count() == 1


def test_an_overdue_reminder_says_so(make_staff):
    make_staff("ppid", ("35.04", "ppid"), email="ppid@example.org")
    annual_report_reminders_send(today=date(2027, 4, 6))
    email = OutboundEmail.objects.get()
    assert "telah lewat" in email.body
    assert AnnualReportReminder.objects.filter(unit__code="35.04", due_on=date(2027, 3, 31)).exists()


def test_the_daily_job_is_registered_and_sends(make_staff):
    job = PERIODIC["reports.annual_report_reminders"]
    assert job.hour() is not None and job.interval() is None
    make_staff("ppid", ("35.04", "ppid"), email="ppid@example.org")
    with freeze_time(datetime(2027, 1, 6, 10, tzinfo=JAKARTA)):
        result = job.task.enqueue()
    assert str(result.status) == "SUCCESSFUL" and result.return_value == 553


def test_a_reminder_asks_only_for_a_report_that_may_be_issued():
    # A report is issued once its year is over; the reminders start in the year after.
    due = annual_report_due(2026)
    assert due.remind_from >= annual_issue_opens(2026)
    with freeze_time(datetime(2026, 12, 31, 23, 0, tzinfo=JAKARTA)):
        assert all(row.year == 2025 for row in annual_report_reminders_send())
    with freeze_time(datetime(2027, 1, 5, 8, tzinfo=JAKARTA)):
        rows = annual_report_reminders_send()
        assert rows and {row.year for row in rows} == {2026} and annual_year_over(2026)
