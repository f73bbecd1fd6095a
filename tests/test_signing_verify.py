"""Verification: POST /api/v1/verify and the public page /verifikasi/ (upload or code)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.signing_support import issue_sample, pki_setup, sample_pdf, stranger_signed_pdf

from eppid.signing.models import DocumentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def _api(client, data: bytes, name="document.pdf", **extra):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post("/api/v1/verify", {"file": upload}, HTTP_ACCEPT_LANGUAGE="en", **extra)


def _changed(data: bytes) -> bytes:
    changed = bytearray(data)
    changed[changed.index(b"stream\n") + 20] ^= 0x01
    return bytes(changed)


def test_api_issued_document_is_signed_intact_and_registered(pki, client):
    doc = issue_sample()
    response = _api(client, doc.signed_pdf())
    assert response.status_code == 200
    body = response.json()
    assert body["signed"] is body["intact"] is body["registered"] is body["trusted"] is True
    assert body["signer"] == doc.signer_name
    assert body["signed_at"]
    assert body["document"]["kind"] == "receipt"
    assert body["document"]["reference"] == "35.04-2026-00042"
    assert body["document"]["code"] == doc.code_display
    assert body["superseded"] is False
    assert body["timestamped"] is False  # B-B without EPPID_TSA_URL


def test_api_one_changed_byte_is_not_intact(pki, client):
    doc = issue_sample()
    body = _api(client, _changed(doc.signed_pdf())).json()
    assert body["signed"] is True
    assert body["intact"] is False
    assert body["registered"] is False
    assert body["document"] is None


def test_api_unknown_signer_is_neither_registered_nor_trusted(pki, client):
    body = _api(client, stranger_signed_pdf()).json()
    assert body["signed"] is True
    assert body["intact"] is True  # the bytes are as the stranger signed them
    assert body["registered"] is False
    assert body["trusted"] is False
    assert body["signer"] == "Forger"


def test_api_unsigned_pdf(pki, client):
    data = sample_pdf()
    body = _api(client, data).json()
    assert (body["signed"], body["intact"], body["registered"]) == (False, False, False)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()


def test_api_superseded_document_says_so(pki, client):
    first = issue_sample()
    second = issue_sample(supersedes=first)
    first.refresh_from_db()
    body = _api(client, first.signed_pdf()).json()
    assert body["registered"] is True
    assert body["superseded"] is True
    assert body["superseded_by"] == second.code_display


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a PDF"),
        (b"just some text", "not a PDF"),
        (b"%PDF-1.7\n" + b"garbage " * 50, "damaged"),
        (b"", "not a PDF"),
    ],
)
def test_api_bad_input_is_422(pki, client, data, message):
    response = _api(client, data)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["errors"]["file"][0]


def test_api_missing_file_is_422(client):
    response = client.post("/api/v1/verify", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "file" in response.json()["errors"]


def test_api_too_big_is_422(pki, client, settings):
    settings.EPPID_VERIFY_MAX_BYTES = 1024
    response = _api(client, sample_pdf() + b"\n" * 2048)
    assert response.status_code == 422
    assert "larger than" in response.json()["errors"]["file"][0]


def test_api_messages_in_indonesian_by_default(client):
    upload = SimpleUploadedFile("x.pdf", b"hello", content_type="application/pdf")
    response = client.post("/api/v1/verify", {"file": upload})
    assert response.status_code == 422
    assert response.json()["errors"]["file"] == ["Berkas ini bukan PDF."]


# --- the page ------------------------------------------------------------------------------------


def test_page_upload_of_an_issued_document(pki, client):
    doc = issue_sample()
    upload = SimpleUploadedFile("receipt.pdf", doc.signed_pdf(), content_type="application/pdf")
    response = client.post("/en/verifikasi/", {"file": upload})
    assert response.status_code == 200
    text = response.content.decode()
    assert "This is an authentic e-PPID document" in text
    assert doc.code_display in text and "35.04-2026-00042" in text
    assert doc.signer_name in text


def test_page_upload_of_a_changed_document(pki, client):
    doc = issue_sample()
    upload = SimpleUploadedFile("receipt.pdf", _changed(doc.signed_pdf()), content_type="application/pdf")
    text = client.post("/en/verifikasi/", {"file": upload}).content.decode()
    assert "This file was changed after it was signed" in text


def test_page_upload_of_a_strangers_document(pki, client):
    upload = SimpleUploadedFile("x.pdf", stranger_signed_pdf(), content_type="application/pdf")
    text = client.post("/en/verifikasi/", {"file": upload}).content.decode()
    assert "Signed, but not a document e-PPID issued" in text


@pytest.mark.parametrize("data", [b"not a pdf at all", b"%PDF-1.4 garbage"])
def test_page_bad_upload_shows_an_error_not_a_500(pki, client, data):
    upload = SimpleUploadedFile("x.pdf", data, content_type="application/pdf")
    response = client.post("/en/verifikasi/", {"file": upload})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "PDF" in text


def test_page_without_file_asks_for_one(client):
    text = client.post("/en/verifikasi/", {}).content.decode()
    assert "Choose the PDF file to check." in text


def test_code_lookup_redirects_to_the_document_page(pki, client):
    doc = issue_sample()
    typed = doc.code_display.lower().replace("-", " ")
    response = client.get("/en/verifikasi/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/en/verifikasi/{doc.code}/"
    text = client.get(response["Location"]).content.decode()
    assert "35.04-2026-00042" in text and doc.sha256 in text
    assert "Bawaslu Kabupaten Tulungagung" in text


def test_code_lookup_of_an_unknown_or_malformed_code(client):
    text = client.get("/en/verifikasi/", {"code": "2222-2222-22"}).content.decode()
    assert "No document has this code" in text
    text = client.get("/en/verifikasi/", {"code": "hello"}).content.decode()
    assert "A document code has 10 letters and digits" in text
    assert client.get("/en/verifikasi/ZZZZZZZZZZ/").status_code == 404


def test_pending_document_page_says_it_is_waiting(pki, client, settings):
    from eppid.signing.models import UnitCertificate

    UnitCertificate.objects.filter(unit__code="35.04").delete()
    doc = issue_sample()
    assert doc.status == DocumentStatus.PENDING
    text = client.get(f"/en/verifikasi/{doc.code}/").content.decode()
    assert "waiting for its signature" in text


def test_page_names_the_trusted_roots(pki, client):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    root = x509.load_pem_x509_certificate((pki / "demo-root.pem").read_bytes())
    fingerprint = root.fingerprint(hashes.SHA256()).hex()
    text = client.get("/en/verifikasi/").content.decode()
    assert fingerprint in text
    assert "e-PPID Demo Root CA" in text
