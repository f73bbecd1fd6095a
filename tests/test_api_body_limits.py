"""Request bodies past Django's limits answer 413 or 400 as problem+json (issue 10 item 7).

Found by a probe: each of these gave a 500 on the API (the portal answered its 400 page). The
limits are Django's: DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000), DATA_UPLOAD_MAX_NUMBER_FILES (100),
DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB of non-file data). Every test here failed before the fix.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from tests.disclosure_support import pdf_upload, request_data

from eppid.accounts.services import api_token_create
from eppid.disclosure.models import InformationRequest

pytestmark = pytest.mark.django_db

BIG = "x" * (3 * 1024 * 1024)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def assert_problem(response, status, detail_words=""):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert detail_words in body["detail"]
    assert not InformationRequest.objects.exists()


def test_too_many_form_fields_is_413(client):
    data = {**request_data(), **{f"extra{i}": "1" for i in range(1100)}}
    assert_problem(client.post("/api/v1/requests", data, HTTP_ACCEPT_LANGUAGE="en"), 413, "fields")


def test_too_many_fields_urlencoded_is_413(client):
    body = "&".join(f"f{i}=1" for i in range(1100))
    response = client.post(
        "/api/v1/requests", body, content_type="application/x-www-form-urlencoded", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert_problem(response, 413, "fields")


def test_too_many_files_is_413(client):
    files = [SimpleUploadedFile(f"f{i}.pdf", b"%PDF-1.4", content_type="application/pdf") for i in range(101)]
    response = client.post(
        "/api/v1/requests", {**request_data(), "identity_document": files}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert_problem(response, 413, "files")


def test_a_3_mb_field_is_413(client):
    data = {**request_data(information=BIG), "identity_document": pdf_upload()}
    assert_problem(client.post("/api/v1/requests", data, HTTP_ACCEPT_LANGUAGE="en"), 413, "too large")


def test_multipart_without_a_boundary_is_400(client):
    body = encode_multipart(BOUNDARY, request_data())
    response = client.post(
        "/api/v1/requests", body, content_type="multipart/form-data", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert_problem(response, 400, "multipart")
    broken = client.generic(
        "POST", "/api/v1/requests", b"--nope\r\n", content_type=MULTIPART_CONTENT, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert broken.status_code in (400, 422) and broken["Content-Type"] == "application/problem+json"


def test_3_mb_of_json_is_413(client):
    body = json.dumps({"registration_number": "x", "tracking_code": "y", "reason": "a", "statement": BIG})
    response = client.post(
        "/api/v1/objections", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert_problem(response, 413, "too large")


def test_3_mb_of_json_to_a_staff_endpoint_is_413(client, make_staff):
    user = make_staff("officer", ("35.04", "officer"))
    token = api_token_create(user=user, name="t")[1]
    response = client.post(
        "/api/v1/staff/requests/35.04-2026-00001/extend",
        json.dumps({"reason": BIG}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert_problem(response, 413, "too large")


@pytest.mark.parametrize("path", ["/api/v1/units", "/api/v1/staff/requests"])
def test_too_many_query_parameters_is_400(client, make_staff, path):
    token = api_token_create(user=make_staff("officer", ("35.04", "officer")), name="t")[1]
    query = "&".join(f"q{i}=1" for i in range(1100))
    response = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 400, "query parameters")


def test_the_problems_speak_indonesian_by_default(client):
    data = {**request_data(), **{f"extra{i}": "1" for i in range(1100)}}
    response = client.post("/api/v1/requests", data)
    assert response.status_code == 413
    assert response.json()["title"] == "Permintaan terlalu besar"
