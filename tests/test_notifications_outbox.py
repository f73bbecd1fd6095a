"""The outbox: email queued inside business transactions, delivered by SMTP after commit, retried
while the mail server is down, failed after the last attempt, and shown to the unit's staff."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eppid.notifications.models import EmailStatus, OutboundAttachment, OutboundEmail
from eppid.notifications.selectors import email_masked
from eppid.notifications.services import email_queue, emails_due_enqueue, retry_delay
from eppid.notifications.tasks import email_deliver
from eppid.organisation.models import Unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% tanda bukti\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
ADDRESS = "budi.santoso@example.com"


@pytest.fixture
def unit():
    return Unit.objects.get(code="35.04")


def queue(unit, **overrides):
    values = {
        "to": ADDRESS,
        "subject": "Tanda bukti permohonan 35.04-2026-00042",
        "body": "Yth. Budi Santoso,\nPermohonan Anda telah kami terima.",
        "unit": unit,
        "reference": "35.04-2026-00042",
        "attachments": [("tanda-bukti.pdf", PDF, "application/pdf")],
    }
    values.update(overrides)
    return email_queue(**values)


def make_due(email):
    """Time passes: the next attempt is due now."""
    email.refresh_from_db()
    email.next_attempt_at = timezone.now() - timedelta(seconds=1)
    email.save()


def test_delivered_after_commit_with_the_attachment_intact(
    smtp_server, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = queue(unit)
        assert smtp_server.messages == []  # nothing leaves before the transaction commits

    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == [ADDRESS]
    assert message["Subject"] == "Tanda bukti permohonan 35.04-2026-00042"
    assert message["X-EPPID-Reference"] == "35.04-2026-00042"
    assert "Permohonan Anda telah kami terima." in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "tanda-bukti.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 1, "")
    assert email.sent_at is not None


def test_a_rolled_back_transaction_sends_nothing(smtp_server, unit, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue(unit)
        raise RuntimeError("the business operation failed after queuing its email")
    assert callbacks == []
    assert smtp_server.messages == []
    assert not OutboundEmail.objects.exists()
    assert not OutboundAttachment.objects.exists()


def test_personal_data_is_encrypted_at_rest(unit, django_capture_on_commit_callbacks):
    email = queue(unit)
    with connection.cursor() as cursor:
        cursor.execute('SELECT "to", body FROM notifications_outboundemail WHERE id = %s', [email.pk])
        stored_to, stored_body = cursor.fetchone()
    assert ADDRESS not in stored_to and "Budi" not in stored_body
    assert OutboundEmail.objects.get(pk=email.pk).to == ADDRESS


def _stored_personal_data(email) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute('SELECT "to", body FROM notifications_outboundemail WHERE id = %s', [email.pk])
        return cursor.fetchone()


@pytest.mark.parametrize("server_up", [True, False])
def test_a_delivery_attempt_writes_its_outcome_not_the_address_and_body(smtp_server, unit, server_up):
    """An attempt reads and writes only the delivery state; the encrypted address and body are
    neither read for it nor written again (a full save rewrote every column)."""
    email = queue(unit)
    stored = _stored_personal_data(email)
    if not server_up:
        smtp_server.stop()

    with CaptureQueriesContext(connection) as queries:
        email_deliver.call(email.pk)

    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "notifications_outboundemail"')]
    assert len(updates) == 2  # claimed, then the outcome
    assert not [sql for sql in updates if '"to"' in sql or '"body"' in sql]
    email.refresh_from_db()
    assert (email.status, email.attempts) == ((EmailStatus.SENT, 1) if server_up else (EmailStatus.QUEUED, 1))
    assert _stored_personal_data(email) == stored
    assert email.to == ADDRESS


def test_bad_input_is_refused_and_nothing_is_written(unit):
    with pytest.raises(ValidationError) as refused:
        queue(unit, to="not an address")
    assert "to" in refused.value.message_dict
    with pytest.raises(ValidationError):
        queue(unit, subject=" \n ")
    assert not OutboundEmail.objects.exists()
    # A newline cannot smuggle another header into the message.
    assert queue(unit, subject="Hello\nBcc: x@evil.example").subject == "Hello Bcc: x@evil.example"


# Transactional: run_scheduler closes stale connections before its round, as a long-running
# process must, and a connection inside a test's wrapping transaction counts as one (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_smtp_down_retried_shown_to_staff_and_delivered_when_back(
    smtp_server, unit, settings, make_staff, verified_client, django_capture_on_commit_callbacks
):
    settings.EPPID_VERIFY_HOUR = 24  # the scheduler below must not start the nightly check too
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(unit)

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 1
    assert email.last_error == "connection refused (mail server down?)"
    assert timezone.now() < email.next_attempt_at <= timezone.now() + retry_delay(1)

    officer = make_staff("outbox-officer", ("35.04", "officer"))
    page = verified_client(officer).get("/en/office/units/35.04/outbox/").content.decode()
    assert "35.04-2026-00042" in page
    assert "connection refused" in page
    assert "bu***@example.com" in page
    assert ADDRESS not in page and "santoso" not in page
    assert "Retry now" in page
    overview = verified_client(officer).get("/en/office/units/35.04/").content.decode()
    assert "1 email to requesters has not been delivered." in overview
    dashboard = verified_client(officer).get("/en/office/").content.decode()
    assert "1 email not delivered" in dashboard

    # Not yet due: the retry job leaves it alone.
    assert emails_due_enqueue() == 0
    smtp_server.start()
    make_due(email)
    call_command("run_scheduler", "--once")  # enqueues the retry job, which enqueues the delivery

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert len(smtp_server.messages) == 1
    assert (
        "35.04-2026-00042"
        not in verified_client(officer).get("/en/office/units/35.04/outbox/").content.decode()
    )


def test_failed_after_the_last_attempt_then_retried_by_staff(
    smtp_server, unit, settings, make_staff, verified_client, django_capture_on_commit_callbacks
):
    settings.EPPID_EMAIL_MAX_ATTEMPTS = 3
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(unit)
    for _ in range(2):
        make_due(email)
        assert emails_due_enqueue() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == (EmailStatus.FAILED, 3, None)
    make_due_failed = OutboundEmail.objects.get(pk=email.pk)
    assert emails_due_enqueue() == 0  # failed emails are not retried by themselves
    assert make_due_failed.attempts == 3

    auditor = make_staff("outbox-auditor", ("35.04", "auditor"))
    page = verified_client(auditor).get("/en/office/units/35.04/outbox/").content.decode()
    assert "Failed" in page and "connection refused" in page
    assert "Retry now" not in page  # reading case files does not include working on them

    smtp_server.start()
    officer = make_staff("outbox-officer", ("35.04", "officer"))
    client = verified_client(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/office/units/35.04/outbox/{email.pk}/retry/")
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 4)
    assert len(smtp_server.messages) == 1
    # Sent is final: asking again changes nothing and says why.
    response = client.post(f"/en/office/units/35.04/outbox/{email.pk}/retry/", follow=True)
    assert "already been sent" in response.content.decode()


def test_a_refused_recipient_fails_at_once_without_keeping_the_address(
    smtp_server, unit, django_capture_on_commit_callbacks
):
    smtp_server.recorder.refuse_recipients = True
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(unit)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 1)
    assert email.last_error == "SMTP 550: recipient refused"
    assert "budi" not in email.last_error


def test_another_units_email_is_not_found(unit, make_staff, verified_client):
    email = queue(Unit.objects.get(code="32.01"))
    officer = make_staff("outbox-officer", ("35.04", "officer"))
    client = verified_client(officer)
    assert client.post(f"/en/office/units/35.04/outbox/{email.pk}/retry/").status_code == 404
    assert "35.04-2026-00042" not in client.get("/en/office/units/35.04/outbox/").content.decode()


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("budi.santoso@example.com", "bu***@example.com"),
        ("ani@example.com", "a***@example.com"),
        ("x@mail.go.id", "x***@mail.go.id"),
        ("no-at-sign", "***"),
    ],
)
def test_recipient_masking(address, masked):
    assert email_masked(address) == masked


def test_backoff_grows_and_repeats_the_last_step(settings):
    settings.EPPID_EMAIL_RETRY_MINUTES = [1, 5, 15]
    assert [retry_delay(n) for n in (1, 2, 3, 4, 9)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=15),
        timedelta(minutes=15),
    ]
