"""``EPPID_RECEIPTS_FINISHED_BY = "worker"`` (decision 1660): the 201 comes before the receipt is laid
out and signed; the task worker finishes it, or a fetch of its URL does if it comes first. Either
way the receipt URL serves the signed PDF, the email that carries it goes out once, and the log
verifies. The default ("request") is decision 1430's, tested in test_disclosure_submit_receipt."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from tests.disclosure_support import pdf_upload, request_data
from tests.integrity_support import verify
from tests.signing_support import assert_signed_and_unmodified, pki_setup

from eppid.casefiles.services import document_ready_url
from eppid.disclosure.models import InformationRequest
from eppid.notifications.models import OutboundEmail
from eppid.signing import deferred, tasks
from eppid.signing import services as signing_services
from eppid.signing.models import DocumentStatus

pytestmark = pytest.mark.django_db(transaction=True)
FINISH_TASK = "eppid.signing.tasks.finish_document"


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


@pytest.fixture
def by_worker(settings, pki):
    settings.EPPID_RECEIPTS_FINISHED_BY = "worker"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _submit(client):
    body = request_data()
    body["identity_document"] = pdf_upload()
    response = client.post("/api/v1/requests", body)
    assert response.status_code == 201, response.content
    created = response.json()
    return created, InformationRequest.objects.get(registration_number=created["registration_number"])


def _receipt_emails(request):
    return OutboundEmail.objects.filter(reference=f"request:{request.registration_number}:received")


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_the_201_comes_first_and_the_worker_signs_and_mails(by_worker, client, monkeypatch, pki, tmp_path):
    laid_out = []
    render = signing_services.pdf_sign
    monkeypatch.setattr(signing_services, "pdf_sign", lambda *a, **k: laid_out.append(1) or render(*a, **k))

    created, request = _submit(client)

    assert laid_out == []  # nothing signed in the request
    assert request.receipt.status == DocumentStatus.PENDING and signing_services.awaiting_render(
        request.receipt
    )
    assert created["receipt_url"].startswith("http://testserver/dokumen/")
    assert list(DBTaskResult.objects.filter(task_path=FINISH_TASK).values_list("status", flat=True)) == [
        "READY"
    ]
    assert not _receipt_emails(request).exists()

    _run_worker()

    request.receipt.refresh_from_db()
    assert request.receipt.status == DocumentStatus.SIGNED and laid_out == [1]
    assert DBTaskResult.objects.get(task_path=FINISH_TASK).return_value == DocumentStatus.SIGNED
    [email] = _receipt_emails(request)
    assert email.attachments.count() == 1
    served = client.__class__().get(created["receipt_url"])
    assert served.status_code == 200
    assert_signed_and_unmodified(b"".join(served.streaming_content), pki, tmp_path)
    assert verify()[0] == 0


def test_a_fetch_before_the_worker_finishes_the_receipt_there_and_then(by_worker, client, pki, tmp_path):
    created, request = _submit(client)

    served = client.__class__().get(created["receipt_url"])  # at once, the worker not run yet

    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    pdf = b"".join(served.streaming_content)
    assert_signed_and_unmodified(pdf, pki, tmp_path)
    assert pdf == _stored(request)
    _run_worker()  # comes later: finds it done, leaves it
    assert DBTaskResult.objects.get(task_path=FINISH_TASK).return_value == "skipped"
    assert _receipt_emails(request).count() == 1
    assert client.get(created["receipt_url"]).status_code == 200
    assert verify()[0] == 0


def _stored(request) -> bytes:
    request.receipt.refresh_from_db()
    return request.receipt.signed_pdf()


def test_a_wrong_token_finishes_nothing(by_worker, client):
    created, request = _submit(client)
    wrong = created["receipt_url"].rsplit("/", 2)[0] + "/" + "x" * 32 + "/"
    assert client.get(wrong).status_code == 404
    request.receipt.refresh_from_db()
    assert signing_services.awaiting_render(request.receipt)


def test_the_worker_left_without_a_signer_leaves_it_for_the_retry(by_worker, client, settings):
    created, request = _submit(client)
    settings.EPPID_SIGNING_DIR = "/nonexistent"  # the signer is gone before the worker comes
    _run_worker()
    request.receipt.refresh_from_db()
    assert request.receipt.status == DocumentStatus.PENDING and not signing_services.awaiting_render(
        request.receipt
    )
    assert client.get(created["receipt_url"]).status_code == 404  # never an unsigned copy
    assert verify()[0] == 0


def test_the_confirmation_page_links_the_receipt_at_once(by_worker, client):
    created, request = _submit(client)
    assert deferred.finished_by_worker()
    assert document_ready_url(request.receipt) == created["receipt_url"].removeprefix("http://testserver")


def test_a_failed_hand_over_is_logged_and_the_fetch_still_serves(by_worker, client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(tasks, "finish_document", SimpleNamespace(enqueue=refuse))
    created, request = _submit(client)
    assert "left for the retry" in caplog.text
    assert client.get(created["receipt_url"]).status_code == 200
