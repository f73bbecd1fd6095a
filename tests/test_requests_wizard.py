"""The citizen's request wizard: steps, validation, change links, uploads kept out of the session."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from tests.request_support import NIK, answers, fill_until_check, jpeg_with_gps, pdf_bytes, step_url

from eppid.portal.request_wizard import SESSION_KEY, upload_dir, uploads_sweep

pytestmark = pytest.mark.django_db


def post(client, step, data, prefix="/en"):
    return client.post(step_url(step, prefix), data)


def errors_of(response) -> str:
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return summary.group(0) if summary else ""


def test_home_and_unit_pages_link_to_the_form_and_the_status_page(client):
    home = client.get("/").content.decode()
    assert 'href="/permohonan/"' in home and 'href="/permohonan/status/"' in home
    assert "Ajukan permohonan informasi" in home
    unit = client.get("/units/35.04/").content.decode()
    assert 'href="/permohonan/?unit=35.04"' in unit and 'href="/permohonan/status/"' in unit


def test_the_unit_link_preselects_the_unit(client):
    response = client.get("/en/permohonan/?unit=35.04")
    assert "Bawaslu Kabupaten Tulungagung" in response.content.decode()
    page = client.get(step_url("unit", "/en")).content.decode()
    assert re.search(r'value="35.04"[^>]*checked', page)


def test_an_unknown_preselected_unit_is_ignored(client):
    client.get("/permohonan/?unit=99.99")
    assert client.session.get(SESSION_KEY, {}).get("steps", {}).get("unit") is None


def test_unit_search_works_without_javascript(client):
    page = client.get(step_url("unit", "/en"), {"q": "Tulungagung"}).content.decode()
    assert 'value="35.04"' in page and "1 office matches" in page
    default = client.get(step_url("unit", "/en")).content.decode()
    assert 'value="00"' in default and 'value="35"' in default and 'value="35.04"' not in default


def test_unit_must_exist(client):
    response = post(client, "unit", {"unit": "99.99"})
    assert response.status_code == 200
    assert "Choose a Bawaslu office from the list." in errors_of(response)
    assert "Error:" in response.content.decode()
    response = post(client, "unit", {})
    assert "Choose the Bawaslu office that holds the information." in errors_of(response)


def test_steps_cannot_be_skipped(client):
    response = client.get(step_url("contact", "/en"))
    assert response.status_code == 302 and response["Location"].endswith("/permohonan/unit/")
    post(client, "unit", {"unit": "35.04"})
    response = client.get(step_url("identity", "/en"))
    assert response["Location"].endswith("/permohonan/requester-type/")
    assert client.get("/en/permohonan/periksa/")["Location"].endswith("/permohonan/requester-type/")


def test_unknown_step_is_404(client):
    assert client.get("/permohonan/nope/").status_code == 404


def test_requester_type_validation(client):
    post(client, "unit", {"unit": "35.04"})
    response = post(client, "requester-type", {"requester_type": "robot"})
    assert "Choose who is making the request." in errors_of(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "nik": NIK}, "Enter the full name."),
        ({"name": "Budi", "nik": ""}, "Enter the NIK."),
        ({"name": "Budi", "nik": "12345"}, "Enter the NIK as 16 digits"),
        ({"name": "Budi", "nik": "9904121705900001"}, "code of an Indonesian province"),
        ({"name": "Budi", "nik": "3504123205900001"}, "not a possible date of birth"),
        ({"name": "Bu\x07di", "nik": NIK}, "control characters"),
        ({"name": "Bu\x00di", "nik": NIK}, "control characters"),
    ],
)
def test_identity_of_an_individual(client, data, message):
    post(client, "unit", {"unit": "35.04"})
    post(client, "requester-type", {"requester_type": "individual"})
    response = post(client, "identity", data)
    assert response.status_code == 200
    assert message in errors_of(response)


def test_identity_of_a_group_needs_the_group_name(client):
    post(client, "unit", {"unit": "35.04"})
    post(client, "requester-type", {"requester_type": "group"})
    page = client.get(step_url("identity", "/en")).content.decode()
    assert "Name of the group" in page and "NIK of the representative" in page
    response = post(client, "identity", {"name": "Siti", "nik": NIK})
    assert "Enter the name of the group." in errors_of(response)


def test_identity_of_a_legal_entity_needs_the_decree_number(client):
    post(client, "unit", {"unit": "35.04"})
    post(client, "requester-type", {"requester_type": "legal_entity"})
    page = client.get(step_url("identity", "/en")).content.decode()
    assert "Approval decree number" in page and "NIK" not in re.sub(r"<[^>]+>", "", page).split("Skip")[0]
    response = post(client, "identity", {"name": "Yayasan", "legal_entity_number": "12345"})
    assert "approval decree from the Ministry of Law" in errors_of(response)
    assert post(client, "identity", {"name": "Yayasan", "legal_entity_number": "ahu-1.ah.01.07.tahun 2020"})[
        "Location"
    ].endswith("/permohonan/contact/")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": ""}, "Enter an email address."),
        ({"email": "not-an-email"}, "Enter an email address in the right format"),
        ({"phone": "call me"}, "Enter a phone number with digits only"),
        ({"address": ""}, "Enter the address."),
        ({"occupation": ""}, "Enter the occupation."),
    ],
)
def test_contact_validation(client, change, message):
    for step in ("unit", "requester-type", "identity"):
        post(client, step, answers()[step])
    response = post(client, "contact", {**answers()["contact"], **change})
    assert message in errors_of(response)


def test_information_validation(client):
    for step in ("unit", "requester-type", "identity", "contact"):
        post(client, step, answers()[step])
    response = post(client, "information", {"information": "", "purpose": ""})
    summary = errors_of(response)
    assert "Describe the information you want." in summary
    assert "Say what you will use the information for." in summary
    response = post(client, "information", {"information": "x" * 4001, "purpose": "y"})
    assert "at most 4000 characters" in errors_of(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"access_method": "copy", "delivery": "email"}, "Choose an electronic or a paper copy."),
        (
            {"access_method": "copy", "copy_format": "hardcopy", "delivery": "email"},
            "A paper copy cannot be sent by email",
        ),
        ({"access_method": "steal", "delivery": "email"}, "see the information or get a copy"),
        ({"access_method": "view", "delivery": "pigeon"}, "Choose how you want to receive the information."),
    ],
)
def test_access_validation(client, data, message):
    for step in ("unit", "requester-type", "identity", "contact", "information"):
        post(client, step, answers()[step])
    assert message in errors_of(post(client, "access", data))


def test_view_drops_a_copy_format(client):
    for step in ("unit", "requester-type", "identity", "contact", "information"):
        post(client, step, answers()[step])
    post(client, "access", {"access_method": "view", "copy_format": "hardcopy", "delivery": "pickup"})
    assert client.session[SESSION_KEY]["steps"]["access"]["copy_format"] == ""


def _until_documents(client, requester_type="individual"):
    for step, data in answers(requester_type).items():
        post(client, step, data)


def test_documents_are_required_and_checked(client):
    _until_documents(client)
    response = client.post(step_url("documents", "/en"), {})
    assert "Choose a file to upload." in errors_of(response)
    exe = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = client.post(step_url("documents", "/en"), {"identity_document": exe})
    assert "The file must be a PDF, JPEG or PNG" in errors_of(response)


def test_documents_over_the_limit_are_refused(client, settings):
    settings.EPPID_UPLOAD_MAX_BYTES = 1024 * 1024
    _until_documents(client)
    big = SimpleUploadedFile("ktp.pdf", pdf_bytes() + b" " * (1024 * 1024), content_type="application/pdf")
    response = client.post(step_url("documents", "/en"), {"identity_document": big})
    assert "larger than 1 MB" in errors_of(response)


def test_a_group_also_uploads_a_power_of_attorney(client):
    _until_documents(client, "group")
    ktp = SimpleUploadedFile("ktp.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(step_url("documents", "/en"), {"identity_document": ktp})
    assert "Choose the power of attorney to upload." in errors_of(response)
    # The identity document uploaded with the failed attempt is kept; only the letter is missing.
    letter = SimpleUploadedFile("kuasa.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(step_url("documents", "/en"), {"authorisation_document": letter})
    assert response["Location"].endswith("/permohonan/periksa/")


def test_uploads_are_encrypted_on_disk_and_not_in_the_session(client):
    _until_documents(client)
    photo = SimpleUploadedFile("ktp.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post(step_url("documents", "/en"), {"identity_document": photo})
    state = client.session[SESSION_KEY]
    descriptor = state["files"]["identity_document"]
    assert descriptor["content_type"] == "image/jpeg"
    stored = (upload_dir() / descriptor["id"]).read_bytes()
    assert not stored.startswith(b"\xff\xd8") and b"JFIF" not in stored
    assert str(upload_dir()).startswith(str(settings.DATA_DIR))
    assert oct((upload_dir() / descriptor["id"]).stat().st_mode & 0o777) == "0o600"
    session_text = repr(dict(client.session.items()))
    assert len(session_text) < 4000  # descriptors only, never the file


def test_the_check_page_lists_every_answer_with_change_links(client):
    fill_until_check(client, prefix="/en")
    page = client.get("/en/permohonan/periksa/").content.decode()
    for text in (
        "Bawaslu Kabupaten Tulungagung",
        "Budi Santoso",
        NIK,
        "budi@example.org",
        "Journalist",
        "plenary meeting",
        "Soft copy (electronic)",
        "ktp.pdf",
    ):
        assert text in page, text
    for step in ("unit", "requester-type", "identity", "contact", "information", "access", "documents"):
        assert f'href="/en/permohonan/{step}/?change=1"' in page


def test_a_change_link_returns_to_the_check_page(client):
    fill_until_check(client, prefix="/en")
    page = client.get(step_url("contact", "/en") + "?change=1").content.decode()
    assert 'name="change" value="1"' in page and 'href="/en/permohonan/periksa/"' in page
    assert 'value="budi@example.org"' in page  # previous answers are filled in
    response = client.post(
        step_url("contact", "/en"), {**answers()["contact"], "email": "new@example.org", "change": "1"}
    )
    assert response["Location"].endswith("/permohonan/periksa/")
    assert "new@example.org" in client.get("/en/permohonan/periksa/").content.decode()


def test_changing_the_requester_type_asks_the_new_identity_then_returns(client):
    fill_until_check(client, prefix="/en")
    response = client.post(
        step_url("requester-type", "/en"), {"requester_type": "legal_entity", "change": "1"}
    )
    assert response["Location"].endswith("/permohonan/identity/?change=1")
    response = client.post(
        step_url("identity", "/en"),
        {"name": "Yayasan Data Terbuka", "legal_entity_number": DECREE_OK, "change": "1"},
    )
    assert response["Location"].endswith("/permohonan/periksa/")
    page = client.get("/en/permohonan/periksa/").content.decode()
    assert "Yayasan Data Terbuka" in page and "Deed" in page


DECREE_OK = "AHU-0012345.AH.01.07.TAHUN 2020"


def test_restart_deletes_answers_and_files(client):
    fill_until_check(client, prefix="/en")
    descriptor = client.session[SESSION_KEY]["files"]["identity_document"]
    path = upload_dir() / descriptor["id"]
    assert path.exists()
    client.post("/en/permohonan/ulang/")
    assert not path.exists()
    assert client.session[SESSION_KEY]["steps"] == {}


def test_old_uploads_are_swept(tmp_path):
    stale = upload_dir() / ("x" * 43)
    stale.write_bytes(b"old")
    import os

    os.utime(stale, (0, 0))
    assert uploads_sweep() >= 1
    assert not stale.exists()


def test_png_upload_is_cleaned_before_it_is_stored(client):
    from eppid.portal.request_wizard import upload_read

    _until_documents(client)
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Budi Santoso")
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG", pnginfo=info)
    client.post(
        step_url("documents", "/en"), {"identity_document": SimpleUploadedFile("k.png", out.getvalue())}
    )
    content = upload_read(client.session[SESSION_KEY]["files"]["identity_document"])
    assert content.startswith(b"\x89PNG") and b"Budi" not in content


def test_pages_exist_in_both_languages(client):
    fill_until_check(client)
    indonesian = client.get("/permohonan/periksa/").content.decode()
    assert 'lang="id"' in indonesian and "Periksa" in indonesian
    english = client.get("/en/permohonan/periksa/").content.decode()
    assert 'lang="en"' in english and "Check your answers" in english


def test_no_data_dir_leak():
    assert Path(upload_dir()).is_dir()


def test_an_expired_wizard_forgets_answers_and_deletes_its_files(client):
    from eppid.portal.request_wizard import WIZARD_MAX_AGE

    fill_until_check(client, prefix="/en")
    session = client.session
    state = session[SESSION_KEY]
    path = upload_dir() / state["files"]["identity_document"]["id"]
    state["started"] -= WIZARD_MAX_AGE + 1
    session[SESSION_KEY] = state
    session.save()
    response = client.get("/en/permohonan/periksa/")
    assert response["Location"].endswith("/permohonan/unit/")
    assert not path.exists()
    assert client.session[SESSION_KEY]["steps"] == {}
