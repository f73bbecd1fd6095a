"""The signed receipt and written notice of a request: content, signatures, URLs, pending signing."""

import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from tests.crypto_models import crypto_tables  # noqa: F401 - verify reads every encrypted model's table
from tests.disclosure_support import NIK, pdf_upload, request_data
from tests.signing_support import assert_signed_and_unmodified, pdf_words, pki_setup

from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_decide, request_forward, request_start, request_submit
from eppid.integrity.fields import encrypted_file_read
from eppid.signing.models import DocumentStatus, IssuedDocument, UnitCertificate
from eppid.signing.services import signing_retry_pending

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crypto_tables")]


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


@pytest.fixture
def ppid(make_staff):
    return make_staff("ppid", ("35.04", "ppid"))


def submit(**overrides):
    return request_submit(data=request_data(**overrides), identity_document=pdf_upload())


def decide(request, actor, **values):
    request_start(request=request, actor=actor)
    return request_decide(request=request, actor=actor, **values)


def test_receipt_is_signed_unmodified_and_says_what_the_requester_needs(pki, tmp_path):
    result = submit()
    request = result.request
    receipt = result.receipt
    assert receipt.status == DocumentStatus.SIGNED
    assert (receipt.kind, receipt.reference, receipt.unit) == (
        "receipt",
        request.registration_number,
        request.unit,
    )
    assert InformationRequest.objects.get(pk=request.pk).receipt == receipt
    data = receipt.signed_pdf()
    assert_signed_and_unmodified(data, pki, tmp_path)
    text = pdf_words(data, tmp_path)
    for expected in (
        "Tanda Bukti Penerimaan Permohonan Informasi Publik",
        "Bawaslu Kabupaten Tulungagung (35.04)",
        request.registration_number,
        "Siti Aminah",
        "Perorangan",  # requester type, in Indonesian
        "Minutes of the plenary meeting of 2 January 2026",
        "Research",
        "/permohonan/status/",
        "/verifikasi/",
        f"entri {result.leaf_index} ",
        result.leaf_hash,
        "Registration number",  # the English subtitle
    ):
        assert expected in text, expected
    assert result.tracking_code not in text
    assert NIK not in text


def test_notice_is_signed_and_states_every_item_of_article_22_7(pki, tmp_path, ppid):
    request = submit().request
    decision = decide(
        request,
        ppid,
        outcome="partially_granted",
        exemption_basis="h",
        explanation="The minutes name witnesses.",
        material="Minutes of 2 January 2026, 4 pages",
        redactions="Names of witnesses on page 3 (personal secrets)",
        fee_rupiah=0,
    )
    notice = decision.notice
    assert notice.status == DocumentStatus.SIGNED and notice.kind == "notice"
    assert notice.reference == request.registration_number
    data = notice.signed_pdf()
    assert_signed_and_unmodified(data, pki, tmp_path)
    text = pdf_words(data, tmp_path)
    items = {
        "a": ["a. Apakah informasi dikuasai", "Ya. Bawaslu Kabupaten Tulungagung menguasai"],
        "b": ["b. Badan publik yang menguasai informasi"],
        "c": ["c. Keputusan", "Dikabulkan sebagian", "Pasal 17 huruf h", "The minutes name witnesses."],
        "d": ["d. Materi yang diberikan", "Minutes of 2 January 2026, 4 pages"],
        "e": ["e. Bagian yang dihitamkan", "Names of witnesses on page 3 (personal secrets)"],
        "f": ["f. Cara dan format penyampaian", "Salinan elektronik", "Melalui email"],
        "g": ["g. Biaya", "Rp 0", "hanya biaya nyata penggandaan atau pengiriman"],
    }
    missing = {item: [p for p in phrases if p not in text] for item, phrases in items.items()}
    assert not any(missing.values()), (missing, text)


def test_notice_of_information_not_held_names_who_holds_it_and_the_fee_rule(pki, tmp_path, ppid):
    request = submit(access_method="copy", copy_format="hardcopy", delivery="post").request
    decision = decide(
        request, ppid, outcome="not_held", held_by="KPU Kabupaten Tulungagung", fee_rupiah=15000
    )
    text = pdf_words(decision.notice.signed_pdf(), tmp_path)
    for expected in (
        "Tidak. Bawaslu Kabupaten Tulungagung tidak menguasai",
        "KPU Kabupaten Tulungagung",
        "Rp 15.000",
        "Pasal 35 ayat (1) huruf f",
    ):
        assert expected in text, (expected, text)


def test_api_receipt_and_notice_urls_serve_the_signed_pdfs_without_login(pki, client, ppid, tmp_path):
    body = request_data()
    body["identity_document"] = pdf_upload()
    created = client.post("/api/v1/requests", body).json()
    request = InformationRequest.objects.get(registration_number=created["registration_number"])
    assert created["receipt_url"].startswith("http://testserver/dokumen/")
    anonymous = client.__class__()
    receipt = anonymous.get(created["receipt_url"])
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    receipt_bytes = b"".join(receipt.streaming_content)
    assert receipt_bytes == request.receipt.signed_pdf()
    assert_signed_and_unmodified(receipt_bytes, pki, tmp_path)
    decide(request, ppid, outcome="granted", material="The minutes")
    status = anonymous.get(
        f"/api/v1/requests/{request.registration_number}", HTTP_X_TRACKING_CODE=created["tracking_code"]
    ).json()
    notice_url = status["decision"]["notice_url"]
    assert notice_url.startswith("http://testserver/dokumen/")
    notice = anonymous.get(notice_url)
    assert notice.status_code == 200
    assert_signed_and_unmodified(b"".join(notice.streaming_content), pki, tmp_path)


def _hide_signer(pki, tmp_path):
    choice = UnitCertificate.objects.get(unit__code="35.04")
    p12 = pki / f"{choice.name}.p12"
    hidden = tmp_path / "hidden.p12"
    p12.rename(hidden)
    return lambda: hidden.rename(p12)


def test_pending_signing_serves_nothing_until_the_retry_signs(pki, client, tmp_path, ppid):
    restore = _hide_signer(pki, tmp_path)
    body = request_data()
    body["identity_document"] = pdf_upload()
    created = client.post("/api/v1/requests", body)
    assert created.status_code == 201
    request = InformationRequest.objects.get(registration_number=created.json()["registration_number"])
    assert request.receipt.status == DocumentStatus.PENDING
    assert client.get(created.json()["receipt_url"]).status_code == 404
    decision = decide(request, ppid, outcome="granted")
    assert decision.notice.status == DocumentStatus.PENDING
    status = client.get(
        f"/api/v1/requests/{request.registration_number}",
        HTTP_X_TRACKING_CODE=created.json()["tracking_code"],
    ).json()
    assert client.get(status["decision"]["notice_url"]).status_code == 404
    restore()
    assert signing_retry_pending().signed == 2
    receipt = client.get(created.json()["receipt_url"])
    notice = client.get(status["decision"]["notice_url"])
    assert receipt.status_code == notice.status_code == 200
    assert_signed_and_unmodified(b"".join(receipt.streaming_content), pki, tmp_path)
    assert_signed_and_unmodified(b"".join(notice.streaming_content), pki, tmp_path)


def test_forwarding_issues_a_receipt_at_the_new_unit(pki, tmp_path, ppid):
    request = submit().request
    new = request_forward(request=request, actor=ppid, unit_code="35", reason="Held by the province")
    assert new.receipt.unit.code == "35" and new.receipt.kind == "receipt"
    assert new.receipt.reference == new.registration_number != request.registration_number
    data = new.receipt.signed_pdf()
    assert_signed_and_unmodified(data, pki, tmp_path)
    assert new.registration_number in pdf_words(data, tmp_path)


def test_a_failure_after_the_receipt_leaves_no_document_and_no_file(pki, settings):
    files = Path(settings.MEDIA_ROOT)
    before = {p for p in files.rglob("*") if p.is_file()}
    with (
        mock.patch("eppid.disclosure.services.submit.event_add", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        submit()
    assert not IssuedDocument.objects.exists() and not InformationRequest.objects.exists()
    assert {p for p in files.rglob("*") if p.is_file()} == before


def test_a_failure_after_the_notice_leaves_the_request_open_and_no_notice(pki, ppid):
    request = submit().request
    request_start(request=request, actor=ppid)
    with (
        mock.patch("eppid.disclosure.services.lifecycle.event_add", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        request_decide(request=request, actor=ppid, outcome="granted")
    request.refresh_from_db()
    assert request.status == "in_progress"
    assert not IssuedDocument.objects.filter(kind="notice").exists()


@pytest.fixture
def own_keys(tmp_path, settings):
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "keys" / "data-keys.json")
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(tmp_path / "keys" / "blind-index.key")


def _verify():
    out = io.StringIO()
    try:
        call_command("verify_integrity", "--no-progress", stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def test_rotate_keys_keeps_identity_documents_readable_and_the_log_clean(
    pki, own_keys, django_capture_on_commit_callbacks
):
    from eppid.integrity import crypto, keyring

    scan, power = pdf_upload("ktp.pdf"), pdf_upload("kuasa.pdf")
    request = request_submit(
        data=request_data(requester_type="group", group_name="Forum Warga Tulungagung"),
        identity_document=scan,
        authorisation_document=power,
    ).request
    expected = {
        field: encrypted_file_read(request, field)
        for field in ("identity_document", "authorisation_document")
    }
    assert all(content.startswith(b"%PDF") for content in expected.values())
    old_kid = keyring.data_keys().current
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=io.StringIO())
    assert keyring.data_keys().current != old_kid
    fresh = InformationRequest.objects.get(pk=request.pk)
    for field, content in expected.items():
        assert crypto.encrypted_file_key_id(getattr(fresh, field)) == keyring.data_keys().current
        assert encrypted_file_read(fresh, field) == content
    assert (fresh.name, fresh.nik) == ("Siti Aminah", NIK)
    code, out = _verify()
    assert code == 0, out


def test_status_page_links_the_notice_only_once_it_is_signed(pki, client, tmp_path, ppid):
    restore = _hide_signer(pki, tmp_path)
    result = submit()
    decision = decide(result.request, ppid, outcome="granted")
    form = {"registration_number": result.request.registration_number, "tracking_code": result.tracking_code}
    page = client.post("/en/permohonan/status/", form).content.decode()
    assert "The signed written notice is being prepared" in page and "/dokumen/" not in page
    restore()
    signing_retry_pending()
    decision.notice.refresh_from_db()
    page = client.post("/en/permohonan/status/", form).content.decode()
    assert f'href="/dokumen/{decision.notice.code}/{decision.notice.access_token}/"' in page
