"""Emails to the requester at receipt, extension, forwarding, decision and withdrawal (issue 3 item 7)."""

import hashlib

import pytest
from django.db import transaction
from freezegun import freeze_time
from tests.disclosure_support import NIK, pdf_upload, request_data
from tests.register_support import (
    at,
    online,
    request_decide,
    request_extend,
    request_forward,
    request_withdraw,
    urls_loaded,  # noqa: F401 - autouse fixture
)
from tests.signing_support import pki_setup
from tests.smtp_support import smtp_server  # noqa: F401 - fixture

from eppid.disclosure.choices import Outcome
from eppid.disclosure.mail import request_mail_received
from eppid.disclosure.services import request_submit
from eppid.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_staff):
    return make_staff("mail-officer", ("35.04", "officer"))


def _mails(request, event=None):
    prefix = f"request:{request.registration_number}:" + (event or "")
    return list(OutboundEmail.objects.filter(reference__startswith=prefix).order_by("pk"))


def _filed():
    with freeze_time(at(2026, 3, 4, 10, 0)):
        return request_submit(data=request_data(), identity_document=pdf_upload())


def test_receipt_email_in_indonesian_with_an_english_line():
    result = _filed()
    request = result.request
    [mail] = _mails(request)
    assert mail.to == "siti@example.org"
    assert mail.reference == f"request:{request.registration_number}:received"
    assert mail.subject == f"Permohonan informasi Anda {request.registration_number} telah diterima"
    assert "Batas waktu jawaban: 25 Maret 2026" in mail.body
    assert "10 hari kerja" in mail.body
    assert "English: Your request" in mail.body and "25 March 2026" in mail.body
    assert "http://localhost:8000/" in mail.body
    # Neither the secret tracking code nor the NIK is ever mailed.
    assert result.tracking_code not in mail.body and NIK not in mail.body


def test_the_receipt_email_gives_the_moment_received_and_the_day_deadlines_count_from():
    """Filed on a Sunday: received that Sunday (as the signed receipt says), deadlines counted from
    Monday; the email said "Received on" Monday."""
    with freeze_time(at(2026, 3, 8, 10, 0)):
        request = request_submit(data=request_data(), identity_document=pdf_upload()).request
    [mail] = _mails(request)
    assert "Diterima: 8 Maret 2026, 10:00 WIB" in mail.body
    assert "Tenggat dihitung sejak: 9 Maret 2026" in mail.body
    assert "hari kerja setelah hari permohonan Anda dianggap diterima" in mail.body


def test_no_email_address_no_email(officer):
    with freeze_time(at(2026, 3, 4, 10, 0)):
        request = online(email="", delivery="pickup")
        request_extend(request=request, actor=officer, reason="Arsip")
        request_withdraw(request=request, actor=officer)
    assert _mails(request) == []


def test_extension_email_has_the_new_due_date_and_the_reason(officer):
    request = _filed().request
    with freeze_time(at(2026, 3, 10, 10, 0)):
        request_extend(request=request, actor=officer, reason="Dokumen ada di arsip gudang")
    [mail] = _mails(request, "extended")
    assert "Batas waktu baru: 6 April 2026" in mail.body
    assert "Alasan: Dokumen ada di arsip gudang" in mail.body
    assert "extended once, to 06 April 2026" in mail.body


def test_forwarding_email_names_the_new_unit_and_number(officer):
    request = _filed().request
    with freeze_time(at(2026, 3, 10, 10, 0)):
        new = request_forward(request=request, actor=officer, unit_code="35", reason="Dikuasai provinsi")
    [mail] = _mails(request, "forwarded")
    assert new.registration_number in mail.subject or new.registration_number in mail.body
    assert "Bawaslu Provinsi Jawa Timur" in mail.body
    assert "Kode pelacakan Anda tetap sama" in mail.body
    assert mail.to == "siti@example.org"


def test_decision_email_with_outcome_and_status_link(officer):
    request = _filed().request
    with freeze_time(at(2026, 3, 10, 10, 0)):
        request_decide(request=request, actor=officer, outcome="rejected", exemption_basis="h")
    [mail] = _mails(request, "decided")
    assert mail.subject == f"Keputusan atas permohonan Anda {request.registration_number}"
    assert f"Keputusan: {Outcome.REJECTED.label}" in mail.body  # the label in Indonesian
    assert "keberatan" in mail.body
    assert "English: A decision on your request" in mail.body and ": Rejected." in mail.body
    assert "notice is on the status page" in mail.body  # signing pending: nothing attached


def test_withdrawal_confirmation(officer):
    request = _filed().request
    with freeze_time(at(2026, 3, 5, 10, 0)):
        request_withdraw(request=request, actor=officer, note="Atas permintaan pemohon")
    [mail] = _mails(request, "withdrawn")
    assert "telah dicabut" in mail.subject


def test_signed_receipt_and_notice_are_attached(settings, tmp_path, officer):
    pki_setup(settings, tmp_path)
    result = _filed()
    request = result.request
    assert result.receipt is not None and result.receipt.is_signed
    received = _mails(request, "received")[-1]
    [attachment] = list(received.attachments.all())
    assert attachment.filename == f"tanda-bukti-{request.registration_number}.pdf"
    assert attachment.content_type == "application/pdf"
    assert (
        attachment.sha256 == hashlib.sha256(result.receipt.signed_pdf()).hexdigest() == result.receipt.sha256
    )
    assert "terlampir" in received.body
    with freeze_time(at(2026, 3, 10, 10, 0)):
        decision = request_decide(request=request, actor=officer, outcome="granted", material="Notulen")
    decided = _mails(request, "decided")[-1]
    [notice] = list(decided.attachments.all())
    assert notice.filename == f"pemberitahuan-{request.registration_number}.pdf"
    assert notice.sha256 == hashlib.sha256(decision.notice.signed_pdf()).hexdigest() == decision.notice.sha256
    assert "The written notice is attached." in decided.body


def test_forwarding_email_carries_the_new_signed_receipt(settings, tmp_path, officer):
    pki_setup(settings, tmp_path)
    request = _filed().request
    with freeze_time(at(2026, 3, 10, 10, 0)):
        new = request_forward(request=request, actor=officer, unit_code="35", reason="Dikuasai provinsi")
    [mail] = _mails(request, "forwarded")
    [attachment] = list(mail.attachments.all())
    assert attachment.filename == f"tanda-bukti-{new.registration_number}.pdf"
    assert attachment.sha256 == hashlib.sha256(new.receipt.signed_pdf()).hexdigest() == new.receipt.sha256
    assert "Tanda bukti registrasi baru" in mail.body


def test_an_unsigned_receipt_is_not_attached(settings, tmp_path):
    # No signing certificate configured: the receipt stays pending and is never sent.
    settings.EPPID_SIGNING_DIR = str(tmp_path / "no-signing")
    result = _filed()
    assert result.receipt is None or not result.receipt.is_signed
    received = _mails(result.request, "received")[-1]
    assert list(received.attachments.all()) == []
    assert "tersedia di halaman status" in received.body


def test_a_pending_document_is_not_attached():
    request = _filed().request

    class Pending:
        is_signed = False

    with transaction.atomic():
        mail = request_mail_received(request, Pending())
    assert list(mail.attachments.all()) == []
    assert "tersedia di halaman status" in mail.body


def test_a_failed_step_sends_nothing(officer):
    request = _filed().request
    before = len(_mails(request))
    with freeze_time(at(2026, 3, 10, 10, 0)), pytest.raises(RuntimeError), transaction.atomic():
        request_extend(request=request, actor=officer, reason="Arsip")
        raise RuntimeError("a later step fails")
    assert len(_mails(request)) == before


def test_the_receipt_email_reaches_a_real_smtp_server(smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    with freeze_time(at(2026, 3, 4, 10, 0)), django_capture_on_commit_callbacks(execute=True):
        request = request_submit(data=request_data(), identity_document=pdf_upload()).request
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["siti@example.org"]
    assert request.registration_number in message["Subject"]
    assert "Batas waktu jawaban" in message.get_body(("plain",)).get_content()
