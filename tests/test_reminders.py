"""Deadline reminders to the unit's officers: 3 and 1 working days before due, once when overdue,
never twice, on the unit's working days (Nyepi and Lebaran 2026), by email and on the timeline."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from freezegun import freeze_time
from tests.register_support import (
    at,
    online,
    request_extend,
    request_withdraw,
    urls_loaded,  # noqa: F401 - autouse fixture
    walk_in,
)
from tests.smtp_support import smtp_server  # noqa: F401 - fixture

from eppid.disclosure.choices import EventKind
from eppid.disclosure.models import RequestEvent
from eppid.notifications.models import OutboundEmail
from eppid.reminders.links import console_request_path
from eppid.reminders.models import RequestReminder
from eppid.reminders.rules import ReminderKind
from eppid.reminders.services import reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    """Who works on 35.04's cases (officer, PPID) and who does not (superior, auditor, elsewhere)."""
    people = {
        "officer": make_staff("rem-officer", ("35.04", "officer"), email="officer@tulungagung.test"),
        "ppid": make_staff("rem-ppid", ("35.04", "ppid"), email="ppid@tulungagung.test"),
        "superior": make_staff("rem-superior", ("35.04", "superior"), email="atasan@tulungagung.test"),
        "auditor": make_staff("rem-auditor", ("35.04", "auditor"), email="auditor@tulungagung.test"),
        "no_email": make_staff("rem-no-email", ("35.04", "officer")),
        "inactive": make_staff(
            "rem-inactive", ("35.04", "officer"), email="gone@tulungagung.test", is_active=False
        ),
        "province": make_staff("rem-province", ("35", "officer"), email="jatim@jatim.test"),
    }
    return people


def _run(start: date, end: date) -> dict:
    """Run the daily job every day from start to end (as the scheduler would); {day: [kinds]}."""
    sent = {}
    day = start
    while day <= end:
        with freeze_time(at(day.year, day.month, day.day, 7, 0)):
            kinds = [reminder.kind for reminder in reminders_send()]
        if kinds:
            sent[day] = kinds
        day += timedelta(days=1)
    return sent


def _file_on_4_march():
    # Filed Wednesday 4 March 2026: 10 working days later, past Nyepi and Lebaran, is 25 March.
    with freeze_time(at(2026, 3, 4, 10, 0)):
        request = online()
    assert request.due_date == date(2026, 3, 25)
    return request


def test_three_days_one_day_and_overdue_across_nyepi_and_lebaran(staff):
    request = _file_on_4_march()
    sent = _run(date(2026, 3, 4), date(2026, 4, 10))
    assert sent == {
        date(2026, 3, 13): [ReminderKind.DUE_3],  # Friday: 16, 17 and 25 March left
        date(2026, 3, 17): [ReminderKind.DUE_1],  # the last working day before the 18-24 March break
        date(2026, 3, 26): [ReminderKind.OVERDUE],
    }
    reminders = RequestReminder.objects.filter(request=request).order_by("sent_on")
    assert [(item.kind, item.sent_on, item.recipient_count) for item in reminders] == [
        ("due_3", date(2026, 3, 13), 2),
        ("due_1", date(2026, 3, 17), 2),
        ("overdue", date(2026, 3, 26), 2),
    ]
    events = RequestEvent.objects.filter(request=request, kind=EventKind.REMINDER_SENT)
    assert events.count() == 3
    assert all(event.status_after == "" and event.actor is None for event in events)


def test_only_active_case_handlers_of_the_unit_with_an_email_are_mailed(staff):
    request = _file_on_4_march()
    _run(date(2026, 3, 13), date(2026, 3, 13))
    emails = list(OutboundEmail.objects.filter(reference__startswith="reminder:"))
    assert sorted(email.to for email in emails) == ["officer@tulungagung.test", "ppid@tulungagung.test"]
    email = emails[0]
    assert request.registration_number in email.subject
    assert "3 hari kerja" in email.subject
    # The request's console page, no fallback (issue 11 item 9).
    link = console_request_path(request)
    assert link == f"/office/units/35.04/requests/{request.registration_number}/"
    assert f"http://localhost:8000{link}\n" in email.body
    assert email.unit.code == "35.04"
    # No personal data of the requester in a staff reminder.
    assert "Siti Aminah" not in email.body and "siti@example.org" not in email.body


def test_running_twice_a_day_or_late_sends_nothing_more(staff):
    request = _file_on_4_march()
    with freeze_time(at(2026, 3, 16, 7, 0)):  # first run on Monday: 2 days left, "3 days" owed
        assert [item.kind for item in reminders_send()] == [ReminderKind.DUE_3]
        assert reminders_send() == []
        call_command("send_reminders")
    assert RequestReminder.objects.filter(request=request).count() == 1
    assert OutboundEmail.objects.filter(reference__startswith="reminder:").count() == 2


def test_a_missed_day_sends_only_the_most_urgent_reminder(staff):
    request = _file_on_4_march()
    with freeze_time(at(2026, 3, 17, 7, 0)):
        assert [item.kind for item in reminders_send()] == [ReminderKind.DUE_1]
    assert list(RequestReminder.objects.filter(request=request).values_list("kind", flat=True)) == ["due_1"]


def test_closed_requests_get_no_reminder(staff):
    request = _file_on_4_march()
    with freeze_time(at(2026, 3, 5, 10, 0)):
        request_withdraw(request=request, actor=staff["officer"])
    assert _run(date(2026, 3, 5), date(2026, 4, 1)) == {}


def test_an_extension_rearms_the_reminders_for_the_new_due_date(staff):
    request = _file_on_4_march()
    assert _run(date(2026, 3, 13), date(2026, 3, 13)) == {date(2026, 3, 13): [ReminderKind.DUE_3]}
    with freeze_time(at(2026, 3, 16, 9, 0)):
        request_extend(request=request, actor=staff["officer"], reason="Arsip di gudang")
    request.refresh_from_db()
    # 7 working days after 25 March, past Good Friday (3 April): 6 April.
    assert request.due_date == date(2026, 4, 6)
    assert _run(date(2026, 3, 16), date(2026, 4, 8)) == {
        date(2026, 3, 31): [ReminderKind.EXTENDED_DUE_3],
        date(2026, 4, 2): [ReminderKind.EXTENDED_DUE_1],
        date(2026, 4, 7): [ReminderKind.OVERDUE],
    }


def test_a_late_registration_already_overdue_gets_one_overdue_reminder(staff):
    with freeze_time(at(2026, 6, 1, 10, 0)):
        request = walk_in(at(2026, 4, 1, 9, 0), staff["officer"])
    # Registered on 1 June (Pancasila Day, a holiday): the reminder waits for Tuesday 2 June.
    assert _run(date(2026, 6, 1), date(2026, 6, 5)) == {date(2026, 6, 2): [ReminderKind.OVERDUE]}
    assert RequestReminder.objects.get(request=request).kind == "overdue"


def test_the_job_is_registered_daily_and_runs(staff, settings):
    from eppid.reminders.tasks import deadline_reminders
    from eppid.scheduling import PERIODIC

    job = PERIODIC["reminders.deadline_reminders"]
    assert job.hour() == 7 and job.interval() is None
    settings.EPPID_REMINDER_HOUR = 6
    assert job.hour() == 6
    _file_on_4_march()
    with freeze_time(at(2026, 3, 13, 7, 0)):
        assert deadline_reminders.call() == 1
        assert deadline_reminders.call() == 0


def test_command_with_a_date(staff, capsys):
    request = _file_on_4_march()
    call_command("send_reminders", "--date", "2026-03-17")
    assert f"{request.registration_number} due_1 -> 2 officer(s)" in capsys.readouterr().out


def test_reminders_reach_a_real_smtp_server(staff, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    _file_on_4_march()
    with freeze_time(at(2026, 3, 13, 7, 0)), django_capture_on_commit_callbacks(execute=True):
        reminders_send()
    recipients = sorted(address for rcpt, _message in smtp_server.messages for address in rcpt)
    assert recipients == ["officer@tulungagung.test", "ppid@tulungagung.test"]
    _rcpt, message = smtp_server.messages[0]
    assert "hari kerja" in message.get_body(("plain",)).get_content()


def test_two_workers_with_the_same_list_send_once(staff):
    from eppid.reminders.services import reminder_send, reminders_due

    request = _file_on_4_march()
    with freeze_time(at(2026, 3, 13, 7, 0)):
        first, second = reminders_due(date(2026, 3, 13)), reminders_due(date(2026, 3, 13))
        assert [item.kind for item in first] == [ReminderKind.DUE_3]
        sent = [
            reminder_send(request=i.request, kind=i.kind, remaining=i.remaining, today=date(2026, 3, 13))
            for i in (*first, *second)
        ]
    assert sent[0] is not None and sent[1] is None
    assert RequestReminder.objects.filter(request=request).count() == 1
    assert RequestEvent.objects.filter(request=request, kind=EventKind.REMINDER_SENT).count() == 1
    assert OutboundEmail.objects.filter(reference__startswith="reminder:").count() == 2
