"""The requests endpoints of the contract (section 4): status codes, shapes and problems."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests.disclosure_support import pdf_upload, request_data

from eppid.integrity.models import LogEntry

pytestmark = pytest.mark.django_db


def file_request(client, **overrides):
    body = request_data(**overrides)
    body["identity_document"] = pdf_upload()
    return client.post("/api/v1/requests", body)


def test_file_and_follow_a_request(client):
    response = file_request(client)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "received" and body["unit"] == "35.04"
    assert body["registration_number"].startswith("35.04-")
    assert LogEntry.objects.get(seq=body["audit"]["leaf_index"]).leaf_hash == body["audit"]["leaf_hash"]
    assert body["receipt_url"].startswith("http")
    number, code = body["registration_number"], body["tracking_code"]
    status = client.get(f"/api/v1/requests/{number}", HTTP_X_TRACKING_CODE=code)
    assert status.status_code == 200
    assert status.json()["history"][0]["status"] == "received" and status.json()["decision"] is None
    wrong = client.get(f"/api/v1/requests/{number}", HTTP_X_TRACKING_CODE=code + "x")
    unknown = client.get("/api/v1/requests/35.04-2026-99999", HTTP_X_TRACKING_CODE=code)
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_bad_input_is_a_422_with_errors_per_field(client):
    response = file_request(client, nik="123", email="", phone="", delivery="email")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {"nik", "email"} <= set(response.json()["errors"])


def test_a_paper_copy_by_email_is_a_422_as_on_the_portal(client):
    body = {**request_data(copy_format="hardcopy", delivery="email"), "identity_document": pdf_upload()}
    response = client.post("/api/v1/requests", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["errors"]["delivery"] == [
        "A paper copy cannot be sent by email: choose pickup, post or courier."
    ]
    assert not LogEntry.objects.filter(object_type="disclosure.InformationRequest").exists()


def test_public_endpoints_are_rate_limited(client, settings):
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "api-public": "2/m"}
    codes = [client.get("/api/v1/requests/x", HTTP_X_TRACKING_CODE="y").status_code for _ in range(3)]
    assert codes[-1] == 429


def test_staff_flow_and_its_errors(client, make_staff, api_client):
    officer = make_staff("off", ("35.04", "officer"))
    ppid = make_staff("ppid", ("35.04", "ppid"))
    auditor = make_staff("aud", ("35.04", "auditor"))
    foreign = make_staff("far", ("32.01", "officer"))
    number = file_request(client).json()["registration_number"]
    staff = api_client(officer)
    assert Client().get(f"/api/v1/staff/requests/{number}").status_code == 401
    assert api_client(foreign).get(f"/api/v1/staff/requests/{number}").status_code == 404
    detail = staff.get(f"/api/v1/staff/requests/{number}").json()
    assert detail["requester"]["nik"] == "3504********0001"
    assert (
        api_client(ppid).get(f"/api/v1/staff/requests/{number}").json()["requester"]["nik"]
        == "3504********0001"
    )
    assert (
        api_client(ppid).get(f"/api/v1/staff/requests/{number}?unmask=nik").json()["requester"]["nik"]
        == "3504014101900001"
    )
    listing = staff.get("/api/v1/staff/requests?status=received").json()
    assert listing["count"] == 1 and listing["results"][0]["unit"] == "35.04"
    url = f"/api/v1/staff/requests/{number}"
    assert api_client(auditor).post(url + "/extend", {"reason": "x"}, "application/json").status_code == 403
    assert staff.post(url + "/extend", {"reason": "Archive"}, "application/json").status_code == 200
    assert staff.post(url + "/extend", {"reason": "Again"}, "application/json").status_code == 409
    rejected = staff.post(url + "/decision", {"outcome": "rejected"}, "application/json")
    assert rejected.status_code == 422 and "exemption_basis" in rejected.json()["errors"]
    assert (
        staff.post(url + "/forward", {"unit": "35.04", "reason": "x"}, "application/json").status_code == 422
    )
    decided = staff.post(url + "/decision", {"outcome": "granted", "explanation": "Here"}, "application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "completed"
    assert staff.post(url + "/decision", {"outcome": "granted"}, "application/json").status_code == 409


def test_staff_registration_and_forwarding(make_staff, api_client):
    officer = make_staff("desk", ("35.04", "officer"))
    staff = api_client(officer)
    body = request_data(channel="walk_in", received_at=(timezone.now() - timedelta(days=3)).isoformat())
    created = staff.post("/api/v1/staff/requests", body)
    assert created.status_code == 201
    future = staff.post(
        "/api/v1/staff/requests", request_data(channel="post", received_at="2999-01-01T09:00:00+07:00")
    )
    assert future.status_code == 422 and "received_at" in future.json()["errors"]
    number = created.json()["registration_number"]
    moved = staff.post(
        f"/api/v1/staff/requests/{number}/forward",
        {"unit": "35", "reason": "Province holds it"},
        "application/json",
    )
    assert moved.status_code == 200 and moved.json()["forwarded_to"].startswith("35-")
