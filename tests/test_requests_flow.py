"""A citizen files a request through the wizard and looks it up on the public status page."""

import re

import pytest
from django.core.exceptions import ValidationError
from tests.request_support import NIK, fill_until_check

from eppid.disclosure.models import InformationRequest
from eppid.integrity.checkpoints import checkpoint_publish
from eppid.integrity.tree import tree_root
from eppid.portal.request_wizard import SESSION_KEY, upload_dir

pytestmark = pytest.mark.django_db


def submit(client, prefix="/en", requester_type="individual"):
    fill_until_check(client, requester_type=requester_type, prefix=prefix)
    files = [d["id"] for d in client.session[SESSION_KEY]["files"].values()]
    response = client.post(f"{prefix}/permohonan/periksa/")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith("/permohonan/selesai/")
    return files


def confirmation(client, prefix="/en"):
    page = client.get(f"{prefix}/permohonan/selesai/").content.decode()
    number = re.search(r'data-testid="registration-number">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page).group(1)
    return page, number, code


@pytest.mark.parametrize("requester_type", ["individual", "group", "legal_entity"])
def test_the_wizard_files_a_request(client, requester_type):
    files = submit(client, requester_type=requester_type)
    page, number, code = confirmation(client)
    req = InformationRequest.objects.get(registration_number=number)
    assert req.unit.code == "35.04" and req.channel == "online" and req.status == "received"
    assert req.requester_type == requester_type
    assert req.email == "budi@example.org" and req.access_method == "copy" and req.delivery == "email"
    assert bool(req.identity_document)
    assert bool(req.authorisation_document) == (requester_type == "group")
    if requester_type == "legal_entity":
        assert req.legal_entity_number.startswith("AHU-") and not req.nik
    else:
        assert req.nik == NIK
    assert number.startswith("35.04-") and len(code) >= 22
    assert req.due_date.strftime("%Y") in page
    # The temporary encrypted uploads and the wizard's answers are gone.
    assert not any((upload_dir() / file_id).exists() for file_id in files)
    assert SESSION_KEY not in client.session


def test_the_tracking_code_is_shown_once(client):
    submit(client)
    _page, _number, code = confirmation(client)
    again = client.get("/en/permohonan/selesai/").content.decode()
    assert code not in again and "already been shown" in again


def test_the_check_page_reports_service_errors_by_step(client, monkeypatch):
    fill_until_check(client, prefix="/en")

    def refuse(**kwargs):
        raise ValidationError({"email": ["The mail server refuses this address."]})

    monkeypatch.setattr("eppid.portal.request_views.request_submit", refuse)
    response = client.post("/en/permohonan/periksa/")
    page = response.content.decode()
    assert response.status_code == 200 and "Error:" in page
    assert 'href="/en/permohonan/contact/?change=1">The mail server refuses this address.' in page
    assert InformationRequest.objects.count() == 0
    assert client.session[SESSION_KEY]["files"]  # nothing lost: the citizen can fix and resend


def test_a_lost_upload_is_asked_for_again(client):
    fill_until_check(client, prefix="/en")
    for descriptor in client.session[SESSION_KEY]["files"].values():
        (upload_dir() / descriptor["id"]).unlink()
    page = client.post("/en/permohonan/periksa/").content.decode()
    assert "no longer available" in page
    assert client.get("/en/permohonan/periksa/")["Location"].endswith("/permohonan/documents/")


def lookup(client, number, code, prefix="/en"):
    return client.post(f"{prefix}/permohonan/status/", {"registration_number": number, "tracking_code": code})


def test_the_status_page_shows_the_request(client):
    submit(client)
    _page, number, code = confirmation(client)
    response = lookup(client, number, code)
    page = response.content.decode()
    assert response.status_code == 200
    assert number in page and "Received" in page and "Not extended." in page
    assert "Bawaslu Kabupaten Tulungagung" in page
    assert 'href="/en/transparansi/"' in page


def test_unknown_number_and_wrong_code_answer_alike(client):
    submit(client)
    _page, number, code = confirmation(client)
    wrong_code = lookup(client, number, code[:-1] + ("A" if code[-1] != "A" else "B"))
    unknown = lookup(client, "35.04-2026-99999", code)
    assert wrong_code.status_code == unknown.status_code == 404

    def strip(response):
        return re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*"', "", response.content.decode()
        )

    assert strip(wrong_code) == strip(unknown)
    assert "We could not find a request" in strip(unknown)


def test_the_code_in_a_query_string_is_ignored(client):
    submit(client)
    _page, number, code = confirmation(client)
    page = client.get("/en/permohonan/status/", {"registration_number": number, "tracking_code": code})
    html = page.content.decode()
    assert 'data-testid="status"' not in html and "Not extended." not in html


def test_status_lookups_are_rate_limited(client, settings):
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "status-lookup": "3/m"}
    codes = [lookup(client, "35.04-2026-00001", "x").status_code for _ in range(4)]
    assert codes[:3] == [404, 404, 404] and codes[3] == 429


def test_status_form_validation(client):
    page = lookup(client, "", "").content.decode()
    assert "Enter the registration number." in page and "Enter the tracking code." in page


def test_the_status_page_proves_inclusion_in_the_latest_checkpoint(client):
    submit(client)
    _page, number, code = confirmation(client)
    before = lookup(client, number, code).content.decode()
    assert "not yet in a signed checkpoint" in before
    checkpoint = checkpoint_publish()
    page = lookup(client, number, code).content.decode()
    req = InformationRequest.objects.get(registration_number=number)
    from eppid.disclosure.selectors import request_audit_leaf

    leaf_index, leaf_hash = request_audit_leaf(req)
    assert f'data-testid="leaf-index">{leaf_index}<' in page
    proof_text = re.search(r'data-testid="inclusion-proof">(.*?)</pre>', page, re.S).group(1)
    proof = [bytes.fromhex(line) for line in proof_text.split()]
    # Recompute the root from the leaf and the proof (RFC 9162 2.1.3.2) and compare.
    import hashlib

    index, size, node = leaf_index, checkpoint.size, bytes.fromhex(leaf_hash)
    fn, sn = index, size - 1
    for sibling in proof:
        if fn % 2 == 1 or fn == sn:
            node = hashlib.sha256(b"\x01" + sibling + node).digest()
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = hashlib.sha256(b"\x01" + node + sibling).digest()
        fn, sn = fn >> 1, sn >> 1
    assert node == tree_root(checkpoint.size)
    assert checkpoint.root_hash in page


def test_status_page_in_indonesian(client):
    submit(client, prefix="")
    _page, number, code = confirmation(client, prefix="")
    page = lookup(client, number, code, prefix="").content.decode()
    assert 'lang="id"' in page and "Diterima" in page and "Permohonan " + number in page


def test_submissions_are_rate_limited(client, settings):
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "request-submit": "1/h"}
    submit(client)
    # Uploads have a limit of their own (tests/test_upload_paths.py): send this one from elsewhere.
    client.defaults["REMOTE_ADDR"] = "192.0.2.7"
    fill_until_check(client, prefix="/en")
    del client.defaults["REMOTE_ADDR"]
    assert client.post("/en/permohonan/periksa/").status_code == 429


def test_released_document_links_need_the_token(client):
    assert client.get("/permohonan/dokumen/not-a-token/").status_code == 404


def test_the_status_page_shows_extension_decision_and_released_documents(client, make_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eppid.disclosure.services import request_decide, request_extend

    officer = make_staff("ppid-flow", ("35.04", "ppid"))
    submit(client)
    _page, number, code = confirmation(client)
    req = InformationRequest.objects.get(registration_number=number)
    request_extend(request=req, actor=officer, reason="Gathering the minutes from the archive.")
    minutes = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    request_decide(
        request=req, actor=officer, outcome="granted", explanation="Here they are.", documents=[minutes]
    )
    page = lookup(client, number, code).content.decode()
    assert "Extended once" in page and "Gathering the minutes" in page
    assert "Completed" in page and "Granted" in page and "Here they are." in page
    link = re.search(r'href="(/en/permohonan/dokumen/[^"]+/)"[^>]*>notulen.pdf<', page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert "attachment" in download["Content-Disposition"]


def test_the_status_page_shows_the_written_notice_with_every_item(client, make_staff):
    """The notice is a page as well as a PDF (UU 14/2008 Pasal 22(7) a-g): the requester reads it
    on the status page, not only the officer in the console."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eppid.disclosure.services import request_decide, request_start

    officer = make_staff("ppid-notice", ("35.04", "ppid"))
    submit(client)
    _page, number, code = confirmation(client)
    req = InformationRequest.objects.get(registration_number=number)
    request_start(request=req, actor=officer)
    dpt = SimpleUploadedFile("dpt.pdf", b"%PDF-1.4 dpt", content_type="application/pdf")
    request_decide(
        request=req,
        actor=officer,
        outcome="partially_granted",
        explanation="Part of the list holds voters' NIK.",
        exemption_basis="h",
        material="The voter list without NIK.",
        redactions="The NIK column, blacked out (personal secrets).",
        documents=[dpt],
    )
    page = lookup(client, number, code).content.decode()
    assert 'class="notice-document"' in page
    assert "Art. 17(h): would reveal personal secrets" in page
    assert "The voter list without NIK." in page
    assert "The NIK column, blacked out (personal secrets)." in page
    assert "Free of charge." in page
    # Indonesian too, at the unprefixed URL.
    page = lookup(client, number, code, prefix="").content.decode()
    assert 'class="notice-document"' in page and "Pemberitahuan tertulis" in page


def test_the_status_page_names_the_unit_a_request_was_forwarded_to(client, make_staff):
    from eppid.disclosure.services import request_forward

    officer = make_staff("ppid-forward", ("35.04", "ppid"))
    submit(client)
    _page, number, code = confirmation(client)
    req = InformationRequest.objects.get(registration_number=number)
    new = request_forward(request=req, actor=officer, unit_code="35", reason="The province holds it.")
    page = lookup(client, number, code).content.decode()
    assert (
        "Forwarded to" in page and new.registration_number in page and "Bawaslu Provinsi Jawa Timur" in page
    )
    # The same tracking code opens the new registration.
    assert lookup(client, new.registration_number, code).status_code == 200


def test_the_confirmation_links_the_signed_receipt(client, settings, tmp_path):
    from tests.signing_support import pki_setup

    pki_setup(settings, tmp_path)
    submit(client)
    page, number, _code = confirmation(client)
    link = re.search(r'href="([^"]+)">Download your receipt', page).group(1)
    response = client.get(link)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body.startswith(b"%PDF-")


def test_the_confirmation_says_the_receipt_is_coming_while_signing_is_pending(client):
    submit(client)
    page, _number, _code = confirmation(client)
    assert "Download your receipt" not in page and "being prepared" in page


def test_the_status_page_links_the_signed_receipt(client, settings, tmp_path):
    from tests.signing_support import pki_setup

    pki_setup(settings, tmp_path)
    submit(client)
    page, number, code = confirmation(client)
    receipt = re.search(r'href="([^"]+)">Download your receipt', page).group(1)
    status = lookup(client, number, code).content.decode()
    link = re.search(r'data-testid="receipt">\s*<a href="([^"]+)"', status)
    assert link and link.group(1) == receipt  # the confirmation's capability URL, nothing more
    assert code not in link.group(1) and number not in link.group(1)
    response = client.get(link.group(1))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body.startswith(b"%PDF-")


def test_the_status_page_says_the_receipt_is_coming_while_signing_is_pending(client):
    submit(client)
    _page, number, code = confirmation(client)
    status = lookup(client, number, code).content.decode()
    assert 'data-testid="receipt">' in status
    assert "The signed receipt is being prepared" in status
    assert "Download the receipt" not in status
