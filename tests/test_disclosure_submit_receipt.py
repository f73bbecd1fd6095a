"""A request's receipt is rendered and signed after the registering transaction (decision 1430).

The transparency log is locked from a transaction's first append to its commit; the receipt's PDF
layout and signature run outside it. A failure after the commit never loses the request: its
receipt waits and the signing retry renders and signs it (and sends the email that carries it).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data
from tests.integrity_support import verify
from tests.signing_support import pki_setup

from eppid.disclosure import papers
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit
from eppid.integrity.models import LogEntry
from eppid.integrity.signals import entries_recorded, save_logged
from eppid.notifications.models import OutboundEmail
from eppid.signing import services as signing_services
from eppid.signing.models import DocumentStatus, IssuedDocument
from eppid.signing.services import signing_retry_pending


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def _verify() -> int:
    return verify()[0]


def _creation(request) -> LogEntry:
    return LogEntry.objects.get(
        object_type=InformationRequest._meta.label, object_id=str(request.pk), action="create"
    )


def _receipt_emails(request):
    return OutboundEmail.objects.filter(reference=f"request:{request.registration_number}:received")


@pytest.mark.django_db(transaction=True)
def test_the_receipt_is_laid_out_and_signed_with_no_transaction_open(pki, monkeypatch):
    seen = []
    render, sign = papers.receipt_pdf, signing_services.pdf_sign

    def render_spy(*args, **kwargs):
        seen.append(("render", connection.in_atomic_block))
        return render(*args, **kwargs)

    def sign_spy(*args, **kwargs):
        seen.append(("sign", connection.in_atomic_block))
        return sign(*args, **kwargs)

    monkeypatch.setattr(papers, "receipt_pdf", render_spy)
    monkeypatch.setattr(signing_services, "pdf_sign", sign_spy)
    made = request_submit(data=request_data(), identity_document=pdf_upload())
    assert seen == [("render", False), ("sign", False)]
    receipt = IssuedDocument.objects.get(pk=made.receipt.pk)
    assert receipt.status == DocumentStatus.SIGNED and receipt.copy_available
    assert receipt.source == "" and receipt.source_sha256
    entry = _creation(made.request)
    assert (made.leaf_index, made.leaf_hash) == (entry.seq, entry.leaf_hash)
    [email] = _receipt_emails(made.request)
    assert email.attachments.count() == 1  # the signed receipt
    assert _verify() == 0


@pytest.mark.django_db
def test_a_failure_after_the_commit_keeps_the_request_and_the_retry_signs_its_receipt(pki, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("signer crashed")

    monkeypatch.setattr(signing_services, "_signature", boom)
    made = request_submit(data=request_data(), identity_document=pdf_upload())
    request = InformationRequest.objects.get(pk=made.request.pk)  # committed, with its entry
    assert _creation(request).seq == made.leaf_index
    receipt = IssuedDocument.objects.get(pk=made.receipt.pk)
    assert receipt.status == DocumentStatus.PENDING and not receipt.source and not receipt.source_sha256
    assert request.receipt_id == receipt.pk
    assert not _receipt_emails(request).exists()
    assert _verify() == 0
    monkeypatch.undo()

    # Within the grace period the request that registered it may still be finishing it.
    assert signing_retry_pending().signed == 0
    with freeze_time(timezone.now() + timedelta(minutes=2)):
        assert signing_retry_pending().signed == 1
        assert signing_retry_pending().signed == 0  # done once
    receipt.refresh_from_db()
    assert receipt.status == DocumentStatus.SIGNED and receipt.copy_available
    [email] = _receipt_emails(request)
    assert email.attachments.count() == 1
    assert _verify() == 0


@pytest.mark.django_db
def test_without_a_signer_the_receipt_waits_with_its_unsigned_copy(settings):
    settings.EPPID_SIGNING_DEFAULT_CERT = ""
    made = request_submit(data=request_data(), identity_document=pdf_upload())
    receipt = IssuedDocument.objects.get(pk=made.receipt.pk)
    assert receipt.status == DocumentStatus.PENDING
    assert receipt.source and receipt.source_sha256  # the retry signs this copy later
    assert _receipt_emails(made.request).count() == 1  # sent without the receipt, as before
    assert _verify() == 0


@pytest.mark.django_db
def test_the_log_entry_of_a_save_is_handed_back_not_left_on_the_instance():
    made = request_submit(data=request_data(), identity_document=pdf_upload())
    request = InformationRequest.objects.get(pk=made.request.pk)
    request.purpose = "Another purpose"
    with entries_recorded() as found:
        entry = save_logged(request)
    assert entry is not None and entry.action == "update" and entry.object_id == str(request.pk)
    assert found == [(request, entry)]
    assert not any(isinstance(value, LogEntry) for value in vars(request).values())
    assert save_logged(request) is None  # nothing declared changed: no entry


@pytest.mark.django_db(transaction=True)
def test_a_submission_logs_each_transaction_in_one_batch_and_reads_its_rules_once(pki):
    """Decision 1610: the request is inserted already linked to its receipt (no UPDATE, no second
    entry for it), each transaction appends its entries together, and the deadline rules behind
    the due date also serve the receipt's and the email's terms (no second read)."""
    from django.test.utils import CaptureQueriesContext

    request_submit(data=request_data(), identity_document=pdf_upload())  # warm the per-process caches
    before = LogEntry.objects.count()
    with CaptureQueriesContext(connection) as captured:
        made = request_submit(data=request_data(), identity_document=pdf_upload())
    sql = [query["sql"] for query in captured.captured_queries]
    actions = list(
        LogEntry.objects.filter(seq__gt=before - 1).order_by("seq").values_list("object_type", "action")
    )
    assert actions == [
        ("signing.IssuedDocument", "create"),
        ("disclosure.InformationRequest", "create"),
        ("disclosure.RequestEvent", "create"),
        ("signing.IssuedDocument", "update"),
    ]
    assert not [q for q in sql if q.startswith('UPDATE "disclosure_informationrequest"')]
    assert len([q for q in sql if q.startswith('SELECT "law_deadlinerule".')]) == 1
    if connection.vendor == "postgresql":
        assert len([q for q in sql if "pg_advisory_xact_lock" in q]) == 2
        assert len([q for q in sql if q.startswith("WITH ok AS")]) == 2  # one batch per transaction
    assert made.receipt.status == DocumentStatus.SIGNED
    assert _verify() == 0
