"""Signed receipt and response, emails, reminders to the superiors (register: test_objections_register)."""

import pytest
from freezegun import freeze_time
from tests.objection_support import at, decided_request
from tests.signing_support import assert_signed_and_unmodified, pdf_words, pki_setup

from eppid.notifications.models import OutboundEmail
from eppid.objections.models import ObjectionReminder
from eppid.objections.papers import dispute_paragraph
from eppid.objections.reminders import objection_reminders_send
from eppid.objections.services import objection_decide, objection_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return {
        "atasan": make_staff("atasan", ("35.04", "superior"), email="atasan@example.org"),
        "ppid": make_staff("ppid", ("35.04", "ppid"), email="ppid@example.org"),
    }


def emails_to(address: str) -> list:
    return [email for email in OutboundEmail.objects.all() if email.to == address]


def signed_bytes(doc) -> bytes:
    return doc.signed_pdf()


def on_refusal(staff, statement="The exemption does not apply."):
    request, code = decided_request(staff["ppid"], at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        return objection_file(
            registration_number=request.registration_number,
            tracking_code=code,
            ground="a",
            statement=statement,
        ).objection


def test_receipt_and_response_are_signed_and_say_what_the_law_requires(settings, tmp_path, staff):
    pki = pki_setup(settings, tmp_path)
    objection = on_refusal(staff)
    receipt = objection.receipt
    assert receipt.is_signed and receipt.kind == "objection_receipt" and receipt.reference == objection.number
    data = signed_bytes(receipt)
    assert_signed_and_unmodified(data, pki, tmp_path)
    words = pdf_words(data, tmp_path)
    assert (
        objection.number in words
        and "30 April 2026" in words
        and objection.request.registration_number in words
    )
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection_decide(
            objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="Art. 17(h)."
        )
    response = objection.response
    assert response.is_signed and response.kind == "objection_response"
    data = signed_bytes(response)
    assert_signed_and_unmodified(data, pki, tmp_path)
    words = pdf_words(data, tmp_path)
    # The paragraph may break across pages in the PDF: check its text, then that it is printed.
    paragraph = dispute_paragraph(objection)
    assert "Komisi Informasi Provinsi Jawa Timur" in paragraph and "14 April 2026" in paragraph
    assert "Provinsi Jawa Timur dalam 14 hari kerja" in words and "14 April 2026" in words
    assert "Art. 17(h)." in words
    subjects = [email.subject for email in emails_to("siti@example.org")]
    assert len([subject for subject in subjects if objection.number in subject]) == 2  # filed, decided
    [decided] = [e for e in emails_to("siti@example.org") if e.subject.startswith("Tanggapan")]
    indonesian, english = decided.body.split("\n\n---\n\n")
    assert "ditolak" in indonesian.lower() and "dismissed" in english.lower()


def test_reminders_go_to_the_superiors_3_and_1_days_before_and_overdue_once_each(staff):
    on_refusal(staff)  # due Thursday 30 April 2026
    with freeze_time(at(2026, 4, 24, 7, 0)):  # 4 WD before
        assert objection_reminders_send() == 0
    with freeze_time(at(2026, 4, 27, 7, 0)):  # 3 WD before
        assert objection_reminders_send() == 1 and objection_reminders_send() == 0
    with freeze_time(at(2026, 4, 29, 7, 0)):
        assert objection_reminders_send() == 1
    with freeze_time(at(2026, 5, 4, 7, 0)):
        assert objection_reminders_send() == 1 and objection_reminders_send() == 0
    kinds = list(ObjectionReminder.objects.order_by("sent_at").values_list("kind", flat=True))
    assert kinds == ["before_3", "before_1", "overdue"]
    assert len(emails_to("atasan@example.org")) == 3 and not emails_to("ppid@example.org")


def test_the_reminder_job_runs_through_the_scheduler_at_the_reminder_hour(staff, settings, monkeypatch):
    from eppid.scheduling import PERIODIC
    from eppid.scheduling.runner import scheduler_tick

    # Only this job, so the tick neither publishes checkpoints nor sends request reminders.
    monkeypatch.setattr(
        "eppid.scheduling.runner.PERIODIC",
        {"objections.deadline_reminders": PERIODIC["objections.deadline_reminders"]},
    )
    settings.EPPID_REMINDER_HOUR = 8
    on_refusal(staff)  # due Thursday 30 April 2026: 27 April is 3 working days before
    with freeze_time(at(2026, 4, 27, 7, 30)):
        assert scheduler_tick() == []  # before the hour
    with freeze_time(at(2026, 4, 27, 8, 0)):
        ticked = scheduler_tick()
        assert [(item.name, item.failed) for item in ticked] == [("objections.deadline_reminders", False)]
        assert ticked[0].result.return_value == 1
    with freeze_time(at(2026, 4, 27, 15, 0)):
        assert scheduler_tick() == []  # once a day
    assert list(ObjectionReminder.objects.values_list("kind", flat=True)) == ["before_3"]
    assert len(emails_to("atasan@example.org")) == 1


def test_the_emails_state_the_receipt_pdf_dates_in_each_language(staff):
    """The emails give the days the signed papers give (received, response due, dispute's last
    day), each part of the email in its own language: a Sunday filing is received that Sunday
    (its period counts from Monday), and the English part never prints "Desember"."""
    request, code = decided_request(staff["ppid"], at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 15, 9, 0)):  # Sunday: counts as received on Monday 16 March
        objection = objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="a", statement="x"
        ).objection
    assert str(objection.received_on) == "2026-03-16"
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="No.")
    [filed] = [e for e in emails_to("siti@example.org") if e.subject.startswith("Keberatan")]
    indonesian, english = filed.body.split("\n\n---\n\n")
    assert "pada 15 Maret 2026" in indonesian and "on 15 March 2026" in english
    due = objection.due_date
    assert f"{due.day} {due.strftime('%B')} {due.year}" in english
    [decided] = [e for e in emails_to("siti@example.org") if e.subject.startswith("Tanggapan")]
    indonesian, english = decided.body.split("\n\n---\n\n")
    assert "14 April 2026" in indonesian and "until 14 April 2026" in english
