"""Issuing a signed document: PAdES signature valid for pyHanko and poppler, served by capability."""

import hashlib
import io
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.status import SignatureCoverageLevel
from tests.signing_support import Written, issue_sample, pdfsig, pki_setup, signature_status

from eppid.signing.models import DocumentStatus
from eppid.signing.selectors import document_url, verification_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def test_issued_document_is_signed_and_validates_with_pyhanko(pki):
    doc = issue_sample()
    assert doc.status == DocumentStatus.SIGNED
    assert len(doc.code) == 10 and doc.code_display.count("-") == 2
    data = doc.signed_pdf()
    status = signature_status(data, pki)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "Tulungagung" in status.signing_cert.subject.native["common_name"]
    assert doc.signer_name == status.signing_cert.subject.native["common_name"]


def test_issued_document_validates_with_pdfsig(pki, tmp_path):
    doc = issue_sample()
    path = tmp_path / "signed.pdf"
    path.write_bytes(doc.signed_pdf())
    report = pdfsig(path)
    assert "Signature is Valid" in report, report
    assert "Total document signed" in report, report


def test_one_changed_byte_breaks_both_validators(pki, tmp_path):
    doc = issue_sample()
    data = bytearray(doc.signed_pdf())
    position = data.index(b"stream\n") + 20  # inside the first page's content, which the signature covers
    data[position] ^= 0x01
    status = signature_status(bytes(data), pki)
    assert not (status.intact and status.valid)
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(data))
    report = pdfsig(path)
    assert "Signature is Valid" not in report, report


def test_capability_url_serves_the_signed_pdf_inline(pki, client):
    doc = issue_sample()
    response = client.get(document_url(doc))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "35.04-2026-00042" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == doc.signed_pdf()
    wrong = document_url(doc).replace(doc.access_token, "x" * len(doc.access_token))
    assert client.get(wrong).status_code == 404


def test_stamp_shows_unit_signer_code_and_verification_link(pki, settings, tmp_path):
    doc = issue_sample()
    url = verification_url(doc, absolute=True)
    assert url == f"{settings.EPPID_PUBLIC_URL}/verifikasi/{doc.code}/"
    path = tmp_path / "signed.pdf"
    path.write_bytes(doc.signed_pdf())
    text = subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert url in text
    assert doc.code_display in text
    assert "Bawaslu Kabupaten Tulungagung (35.04)" in text
    assert f"Signer: {doc.signer_name}" in text


def test_pending_document_is_not_served_then_retry_signs_it(pki, settings, client, tmp_path):
    from eppid.signing.models import UnitCertificate
    from eppid.signing.services import signing_retry_pending

    choice = UnitCertificate.objects.get(unit__code="35.04")
    p12 = pki / f"{choice.name}.p12"
    hidden = tmp_path / "hidden.p12"
    p12.rename(hidden)  # the signer is unavailable
    doc = issue_sample()
    assert doc.status == DocumentStatus.PENDING and not doc.file and not doc.sha256
    assert "not found" in doc.last_error
    assert client.get(document_url(doc)).status_code == 404
    assert signing_retry_pending().pending == 1
    hidden.rename(p12)
    result = signing_retry_pending()
    assert (result.signed, result.pending, result.failed) == (1, 0, 0)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNED and doc.attempts == 3
    response = client.get(document_url(doc))
    assert response.status_code == 200
    status = signature_status(b"".join(response.streaming_content), pki)
    assert status.intact and status.valid and status.trusted


def test_unit_without_certificate_falls_back_to_the_default(pki, settings):
    from eppid.signing.models import UnitCertificate

    UnitCertificate.objects.filter(unit__code="35.04").delete()
    assert issue_sample().status == DocumentStatus.PENDING
    settings.EPPID_SIGNING_DEFAULT_CERT = "unit-35"
    doc = issue_sample()
    assert doc.status == DocumentStatus.SIGNED and doc.certificate_name == "unit-35"


def test_signed_file_hash_is_in_the_transparency_log(pki):
    from eppid.integrity.models import LogEntry

    doc = issue_sample()
    entry = LogEntry.objects.filter(object_type="signing.IssuedDocument", object_id=str(doc.pk)).get()
    assert entry.file_hashes == [doc.sha256]
    assert doc.sha256 in entry.canonical


def test_unsigned_copy_is_removed_once_signed(pki, django_capture_on_commit_callbacks):
    from pathlib import Path

    from django.conf import settings

    written = Written()
    with django_capture_on_commit_callbacks(execute=True):
        doc = issue_sample(journal=written)
    assert doc.status == DocumentStatus.SIGNED and not doc.source and doc.source_sha256
    source_name, signed_name = written
    assert not (Path(settings.MEDIA_ROOT) / source_name).exists()
    assert (Path(settings.MEDIA_ROOT) / signed_name).exists() and doc.file == signed_name
    stored = [
        p.relative_to(settings.MEDIA_ROOT).as_posix()
        for p in Path(settings.MEDIA_ROOT).rglob("*")
        if p.is_file()
    ]
    assert stored == [signed_name]


@pytest.mark.tampers
def test_signed_and_unsigned_copies_are_stored_encrypted_and_bound_to_the_row(pki):
    """The PDFs name the requester: on disk they are ciphertext, and a copy moved to another row
    does not open (the AAD binds it)."""
    from pathlib import Path

    from django.conf import settings

    from eppid.integrity.crypto import FILE_MAGIC, DecryptionError
    from eppid.signing.models import IssuedDocument

    doc = issue_sample()
    stored = (Path(settings.MEDIA_ROOT) / doc.file).read_bytes()
    assert stored.startswith(FILE_MAGIC)
    assert b"%PDF" not in stored and b"35.04-2026-00042" not in stored
    plain = doc.signed_pdf()
    assert plain.startswith(b"%PDF") and hashlib.sha256(plain).hexdigest() == doc.sha256
    other = issue_sample(reference="35.04-2026-00043")
    IssuedDocument._base_manager.filter(pk=other.pk).update(file=doc.file)
    other.refresh_from_db()
    with pytest.raises(DecryptionError):
        other.signed_pdf()


def test_a_pending_document_keeps_its_unsigned_copy_encrypted(pki, tmp_path):
    from pathlib import Path

    from django.conf import settings

    from eppid.integrity.crypto import FILE_MAGIC
    from eppid.signing.models import UnitCertificate

    choice = UnitCertificate.objects.get(unit__code="35.04")
    (pki / f"{choice.name}.p12").rename(tmp_path / "hidden.p12")
    doc = issue_sample()
    assert doc.status == DocumentStatus.PENDING and doc.source and not doc.file
    assert (Path(settings.MEDIA_ROOT) / doc.source).read_bytes().startswith(FILE_MAGIC)
    assert doc.source_pdf().startswith(b"%PDF")


@pytest.mark.tampers
def test_an_altered_stored_copy_is_not_served(pki, client):
    from pathlib import Path

    from django.conf import settings

    doc = issue_sample()
    path = Path(settings.MEDIA_ROOT) / doc.file
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x01
    path.write_bytes(bytes(blob))
    assert client.get(document_url(doc)).status_code == 404


def _replace_certificate(pki, name: str, passphrase: bytes) -> str:
    """Overwrite ``<name>.p12`` with a new key and certificate; returns the new fingerprint."""
    from eppid.signing.keys import key_load
    from eppid.signing.pki import ca_create, pkcs12_bytes, signing_certificate_create

    ca_key, ca_cert = ca_create("Replacement Root", "Bawaslu (test)")
    key, cert = signing_certificate_create(
        ca_key, ca_cert, common_name="PPID Pengganti", organisation="Bawaslu (test)", unit_code="35.04"
    )
    (pki / f"{name}.p12").write_bytes(pkcs12_bytes(name, key, cert, ca_cert, passphrase))
    return key_load(name).info.fingerprint


def test_a_replaced_certificate_or_passphrase_is_never_served_from_the_cache(pki, settings, tmp_path):
    from eppid.organisation.models import Unit
    from eppid.signing.keys import passphrase_for
    from eppid.signing.models import UnitCertificate
    from eppid.signing.services import unit_certificate_choose

    choice = UnitCertificate.objects.get(unit__code="35.04")
    first = issue_sample()
    assert first.status == DocumentStatus.SIGNED  # the key is now loaded and kept
    fingerprint = _replace_certificate(pki, choice.name, passphrase_for(choice.name))
    assert fingerprint != first.certificate_sha256
    replaced = issue_sample()
    assert replaced.status == DocumentStatus.PENDING and "replaced" in replaced.last_error
    unit_certificate_choose(unit=Unit.objects.get(code="35.04"), name=choice.name, actor=None)
    again = issue_sample()
    assert again.status == DocumentStatus.SIGNED and again.certificate_sha256 == fingerprint
    reader = PdfFileReader(io.BytesIO(again.signed_pdf()), strict=False)
    [embedded] = reader.embedded_signatures
    assert embedded.signer_cert.subject.native["common_name"] == "PPID Pengganti"
    # A changed passphrase is checked again: the wrong one leaves the document pending.
    passphrases = tmp_path / "keys" / "signing-passphrases"
    passphrases.write_text(f"{choice.name}: not-the-passphrase\n", encoding="utf-8")
    wrong = issue_sample()
    assert wrong.status == DocumentStatus.PENDING and "cannot open" in wrong.last_error
