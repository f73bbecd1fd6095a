"""Hostile uploads through every door: the citizen wizards, the API and the console each answer
with a clear, translated error and change nothing; the wizards' documents steps are rate limited
(issue 10 items 3 and 9). The checks themselves are tested in tests/test_core_uploads.py."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from tests import upload_bombs as bombs
from tests.console_support import request_data as desk_data
from tests.disclosure_support import request_data
from tests.request_support import answers, pdf_bytes, step_url

from eppid.disclosure.models import InformationRequest
from eppid.integrity.models import LogEntry
from eppid.objections.models import Objection
from eppid.portal.request_wizard import SESSION_KEY, upload_dir

pytestmark = pytest.mark.django_db

JS_PDF = bombs.pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
LAUNCH_PDF = bombs.pdf_with(
    page_extra=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (cmd.exe) >> >>] "
)


def as_upload(content: bytes, name: str = "ktp.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def png_bomb() -> SimpleUploadedFile:
    return as_upload(bombs.png_bomb(7740, 7740), "ktp.png")


def errors_of(response) -> str:
    summary = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    return summary.group(0) if summary else ""


def stored_uploads() -> set[str]:
    return {path.name for path in upload_dir().iterdir()}


def until_documents(client, prefix="/en"):
    for step, data in answers().items():
        assert client.post(step_url(step, prefix), data).status_code == 302, step


def until_periodic_documents(client, prefix="/en"):
    data = answers()
    for step in ("unit", "requester-type", "identity", "contact"):
        assert client.post(f"{prefix}/keberatan/berkala/{step}/", data[step]).status_code == 302, step
    statement = {"statement": "The 2025 financial report of the office is not on its website."}
    assert client.post(f"{prefix}/keberatan/berkala/statement/", statement).status_code == 302


# --- The citizen pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (png_bomb, "The image is too large (7740 × 7740 pixels)"),
        (lambda: as_upload(JS_PDF), "The PDF contains active content (actions that run by themselves"),
        (lambda: as_upload(bombs.pdf_many_pages(45_000)), "The PDF has 45000 pages; at most 500"),
    ],
)
def test_the_request_wizard_refuses_and_keeps_nothing(client, upload, message):
    until_documents(client)
    before = stored_uploads()
    response = client.post(step_url("documents", "/en"), {"identity_document": upload()})
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not client.session[SESSION_KEY].get("files") and stored_uploads() == before


def test_the_request_wizard_refuses_in_indonesian(client):
    until_documents(client, prefix="")
    response = client.post(step_url("documents"), {"identity_document": as_upload(LAUNCH_PDF)})
    assert "konten aktif" in errors_of(response) and "menjalankan program" in errors_of(response)


def test_the_periodic_objection_wizard_refuses_and_keeps_nothing(client):
    until_periodic_documents(client)
    before = stored_uploads()
    response = client.post("/en/keberatan/berkala/documents/", {"identity_document": png_bomb()})
    assert response.status_code == 200
    assert "The image is too large" in response.content.decode()
    assert stored_uploads() == before
    assert client.get("/en/keberatan/berkala/periksa/")["Location"].endswith("/keberatan/berkala/documents/")


# --- The API --------------------------------------------------------------------------------------


def test_the_request_api_refuses_a_pdf_with_javascript(client):
    log = LogEntry.objects.count()
    body = {**request_data(), "identity_document": as_upload(JS_PDF)}
    response = client.post("/api/v1/requests", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert "active content (actions that run" in response.json()["errors"]["identity_document"][0]
    assert not InformationRequest.objects.exists() and LogEntry.objects.count() == log


def test_the_request_api_refuses_an_image_bomb_in_indonesian(client):
    body = {**request_data(), "identity_document": png_bomb()}
    response = client.post("/api/v1/requests", body, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 422
    assert "7740 × 7740" in response.json()["errors"]["identity_document"][0]
    assert "terlalu besar" in response.json()["errors"]["identity_document"][0]
    assert not InformationRequest.objects.exists()


def test_the_periodic_objection_api_refuses_embedded_files(client):
    fields = {"unit", "requester_type", "name", "nik", "email", "phone", "address", "occupation"}
    data = {key: value for key, value in request_data().items() if key in fields}
    attached = bombs.pdf_with(
        page_extra=b"/Annots [<< /Subtype /FileAttachment /Rect [0 0 9 9] /FS << /Type /Filespec "
        b"/F (a.exe) /EF << /F 4 0 R >> >> >>] ",
        extra_objects=[b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"],
    )
    body = {**data, "statement": "No 2025 financial report.", "identity_document": as_upload(attached)}
    response = client.post("/api/v1/objections/periodic", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "attached files" in response.json()["errors"]["identity_document"][0]
    assert not Objection.objects.exists()


# --- The console ----------------------------------------------------------------------------------


def test_the_desk_registration_refuses_a_launch_action(make_staff, verified_client):
    officer = make_staff("petugas-upload", ("35.04", "officer"))
    when = timezone.localtime(timezone.now() - timezone.timedelta(days=1))
    data = desk_data(
        channel="post", received_date=when.date().isoformat(), received_time=when.strftime("%H:%M")
    )
    data.pop("unit")
    url = "/en" + reverse("office:request-register", kwargs={"code": "35.04"})
    response = verified_client(officer).post(url, {**data, "identity_document": as_upload(LAUNCH_PDF)})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["identity_document"])
    assert "an action that starts a program" in errors
    assert not InformationRequest.objects.exists()


# --- Rate limits of the documents step --------------------------------------------------------------


def test_uploads_at_the_documents_step_are_rate_limited(client, settings):
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "document-upload": "2/h"}
    until_documents(client)
    first = {"identity_document": as_upload(pdf_bytes())}
    assert client.post(step_url("documents", "/en"), first).status_code == 302
    kept = client.session[SESSION_KEY]["files"]["identity_document"]["id"]
    # Continuing without a new file is no upload and is not counted.
    assert client.post(step_url("documents", "/en"), {}).status_code == 302
    assert client.post(step_url("documents", "/en"), {"identity_document": png_bomb()}).status_code == 200
    third = client.post(step_url("documents", "/en"), {"identity_document": as_upload(pdf_bytes())})
    assert third.status_code == 429 and third["Retry-After"]
    assert client.session[SESSION_KEY]["files"]["identity_document"]["id"] == kept


def test_both_wizards_share_one_upload_limit(client, settings):
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "document-upload": "1/h"}
    until_documents(client)
    assert (
        client.post(step_url("documents", "/en"), {"identity_document": as_upload(pdf_bytes())}).status_code
        == 302
    )
    until_periodic_documents(client)
    before = stored_uploads()
    response = client.post("/en/keberatan/berkala/documents/", {"identity_document": as_upload(pdf_bytes())})
    assert response.status_code == 429 and stored_uploads() == before
