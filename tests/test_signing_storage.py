"""Issued documents at rest: encrypted, checked by verify_integrity, re-encrypted by rotate_keys,
cleared by apply_retention for personal kinds, and retried by the scheduler."""

import hashlib
import importlib
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone, translation
from freezegun import freeze_time
from tests.crypto_models import crypto_tables  # noqa: F401 (fixture: tables of test models)
from tests.integrity_support import verify
from tests.signing_support import issue_sample, pki_setup

from eppid.integrity import crypto, keyring
from eppid.integrity.models import LogEntry
from eppid.integrity.retention import retention_apply
from eppid.signing.models import DocumentKind, DocumentStatus, IssuedDocument
from eppid.signing.selectors import document_url, verification_url

pytestmark = pytest.mark.django_db

encrypt_migration = importlib.import_module("eppid.signing.migrations.0003_encrypt_stored_documents")


@pytest.fixture
def pki(settings, tmp_path, crypto_tables):  # noqa: F811
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "keys" / "data-keys.json")
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(tmp_path / "keys" / "blind-index.key")
    return pki_setup(settings, tmp_path)


def media(settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def later(days: int, *, hours: int = 1) -> datetime:
    """A moment ``days`` (and ``hours``) from now, for retention to run at. The documents are not
    made older instead: created_at is audited (it is the retention clock), an edit is tampering."""
    return timezone.now() + timedelta(days=days, hours=hours)


# --- verify_integrity ----------------------------------------------------------------------------


def test_a_clean_document_verifies_and_the_log_holds_the_plaintext_hash(pki):
    doc = issue_sample()
    entry = LogEntry.objects.filter(object_type="signing.IssuedDocument", object_id=str(doc.pk)).get()
    assert entry.file_hashes == [hashlib.sha256(doc.signed_pdf()).hexdigest()] == [doc.sha256]
    assert verify()[0] == 0


@pytest.mark.tampers
def test_a_tampered_ciphertext_is_a_finding_naming_the_document(pki, settings):
    doc = issue_sample()
    path = media(settings) / doc.file
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0x01
    path.write_bytes(bytes(blob))
    code, out = verify()
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("files:")]
    assert len(lines) == 1 and doc.code_display in lines[0] and "does not open" in lines[0], out
    assert any(line.startswith("encrypted:") and doc.code_display in line for line in out.splitlines()), out


@pytest.mark.tampers
def test_a_stored_file_replaced_by_another_valid_encryption_is_caught_by_its_hash(pki, settings):
    """Re-encrypting other bytes for the same row opens fine; the recorded plaintext hash differs."""
    from eppid.integrity.fields import field_aad

    doc = issue_sample()
    forged = doc.signed_pdf() + b"\n% an incremental update added after signing\n"
    (media(settings) / doc.file).write_bytes(
        crypto._seal_file(forged, field_aad(doc, IssuedDocument._meta.get_field("file")))
    )
    code, out = verify()
    assert code == 1
    assert f"document {doc.code_display}" in out and "does not match its recorded SHA-256" in out, out


@pytest.mark.tampers
def test_a_missing_stored_file_is_named(pki, settings):
    doc = issue_sample()
    (media(settings) / doc.file).unlink()
    code, out = verify()
    assert code == 1 and doc.code_display in out and "missing" in out, out


# --- rotate_keys ---------------------------------------------------------------------------------


def test_rotate_keys_re_encrypts_issued_documents(pki, settings, django_capture_on_commit_callbacks):
    doc = issue_sample()
    old_kid, old_name = keyring.data_keys().current, doc.file
    plain = doc.signed_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=io.StringIO())
    doc.refresh_from_db()
    new_kid = keyring.data_keys().current
    assert new_kid != old_kid
    assert doc.file != old_name and crypto.encrypted_file_key_id(doc.file) == new_kid
    assert doc.signed_pdf() == plain
    assert not (media(settings) / old_name).exists()
    assert verify()[0] == 0


# --- retention -----------------------------------------------------------------------------------


def test_retention_removes_the_copy_of_personal_documents_and_keeps_the_row(
    pki, settings, client, django_capture_on_commit_callbacks
):
    receipt = issue_sample()
    plain = receipt.signed_pdf()
    report = issue_sample(kind=DocumentKind.ANNUAL_REPORT, reference="35.04-2026-annual")
    with freeze_time(timezone.now() + timedelta(hours=2), tick=True):
        recent = issue_sample(reference="35.04-2026-00050")
    name = receipt.file
    with django_capture_on_commit_callbacks(execute=True):
        cleared = retention_apply(now=later(settings.EPPID_RETENTION_DAYS))
    assert cleared["signing.IssuedDocument"] == 1
    receipt.refresh_from_db()
    assert receipt.file == "" and not (media(settings) / name).exists()
    assert (receipt.code, receipt.sha256, receipt.kind, receipt.reference, receipt.status) == (
        receipt.code,
        hashlib.sha256(plain).hexdigest(),
        DocumentKind.RECEIPT,
        "35.04-2026-00042",
        DocumentStatus.SIGNED,
    )
    assert receipt.copy_removed and not receipt.copy_available
    report.refresh_from_db()
    recent.refresh_from_db()
    assert report.copy_available and recent.copy_available  # public kind; not yet expired
    last = LogEntry.objects.filter(object_type="signing.IssuedDocument", object_id=str(receipt.pk))
    assert last.order_by("-seq").first().file_hashes == []
    assert verify()[0] == 0
    # The capability link no longer serves it ...
    assert client.get(document_url(receipt)).status_code == 404
    # ... the page by code says why ...
    with translation.override("en"):
        page = client.get(verification_url(receipt))
    assert page.status_code == 200
    assert "removed under the retention rules" in page.content.decode()
    assert "dihapus sesuai ketentuan retensi" in client.get(verification_url(receipt)).content.decode()
    # ... and a copy the citizen kept is still recognised as registered by its hash.
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("receipt.pdf", plain, content_type="application/pdf")
    body = client.post("/api/v1/verify", {"file": upload}).json()
    assert body["registered"] is True and body["intact"] is True
    assert body["document"]["code"] == receipt.code_display
    # Running it again changes nothing.
    assert retention_apply(now=later(settings.EPPID_RETENTION_DAYS))["signing.IssuedDocument"] == 0


def test_retention_of_a_waiting_document_removes_its_unsigned_copy_and_retry_skips_it(pki, tmp_path):
    from eppid.signing.models import UnitCertificate
    from eppid.signing.services import signing_retry_pending

    choice = UnitCertificate.objects.get(unit__code="35.04")
    p12 = pki / f"{choice.name}.p12"
    p12.rename(tmp_path / "hidden.p12")
    doc = issue_sample()
    assert doc.status == DocumentStatus.PENDING and doc.source
    retention_apply(now=later(5000))
    doc.refresh_from_db()
    assert doc.source == "" and doc.status == DocumentStatus.PENDING
    (tmp_path / "hidden.p12").rename(p12)
    result = signing_retry_pending()
    assert (result.signed, result.pending, result.failed) == (0, 0, 0)


# --- the data migration for copies stored in clear by earlier versions ------------------------------


def test_migration_encrypts_plaintext_copies_and_the_log_still_matches(
    pki, settings, django_capture_on_commit_callbacks
):
    doc = issue_sample()
    plain = doc.signed_pdf()
    legacy = media(settings) / "signing" / "signed" / "2026" / f"{doc.code}.pdf"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(plain)
    encrypted_name = doc.file
    IssuedDocument._base_manager.filter(pk=doc.pk).update(file=f"signing/signed/2026/{doc.code}.pdf")
    state = MigrationLoader(connection).project_state(("signing", "0002_encrypted_files"))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        encrypt_migration.encrypt_plaintext(state.apps, None)
    doc.refresh_from_db()
    assert doc.file.startswith("encrypted/") and doc.file != encrypted_name
    assert doc.signed_pdf() == plain
    assert not legacy.exists()
    (media(settings) / encrypted_name).unlink()  # the copy this test started from
    assert verify()[0] == 0
    # A second run finds nothing in clear.
    with transaction.atomic():
        encrypt_migration.encrypt_plaintext(state.apps, None)
    doc.refresh_from_db()
    assert doc.signed_pdf() == plain


# --- the periodic retry --------------------------------------------------------------------------


def test_the_scheduler_runs_the_signing_retry_every_five_minutes(pki, tmp_path, monkeypatch):
    from eppid.scheduling import PERIODIC, runner
    from eppid.signing.models import UnitCertificate

    job = PERIODIC["signing.retry_pending"]
    assert job.interval() == timedelta(minutes=5)
    monkeypatch.setattr(runner, "PERIODIC", {job.name: job})  # only this job in the test
    choice = UnitCertificate.objects.get(unit__code="35.04")
    p12 = pki / f"{choice.name}.p12"
    p12.rename(tmp_path / "hidden.p12")
    doc = issue_sample()
    assert doc.status == DocumentStatus.PENDING
    (tmp_path / "hidden.p12").rename(p12)
    now = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.get_current_timezone())
    [enqueued] = runner.scheduler_tick(now)
    assert not enqueued.failed and enqueued.result.return_value == {"signed": 1, "pending": 0, "failed": 0}
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNED and doc.copy_available
    assert runner.scheduler_tick(now + timedelta(minutes=4)) == []
    [again] = runner.scheduler_tick(now + timedelta(minutes=5))
    assert again.result.return_value == {"signed": 0, "pending": 0, "failed": 0}  # idempotent
