"""The objection endpoints as the contract says (section 4), and the extension for ground b."""

import pytest
from freezegun import freeze_time
from tests.auth_support import bearer_headers
from tests.disclosure_support import pdf_upload, request_data
from tests.objection_support import at, decided_request, filed_request

from eppid.objections.models import Dispute, Objection

pytestmark = pytest.mark.django_db


def post_objection(client, request, code, reason="c", statement="No answer came.", **headers):
    body = {
        "registration_number": request.registration_number,
        "tracking_code": code,
        "reason": reason,
        "statement": statement,
    }
    return client.post("/api/v1/objections", body, content_type="application/json", **headers)


def test_filing_answers_201_with_number_status_and_due_date(client):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        response = post_objection(client, request, code)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["objection_number"] == "KEB-35.04-2026-00001" and body["status"] == "received"
    assert body["due_date"] == "2026-05-07" and body["audit"]["leaf_index"] >= 0
    with freeze_time(at(2026, 3, 18, 9, 0)):
        status = client.get(f"/api/v1/objections/{body['objection_number']}", HTTP_X_TRACKING_CODE=code)
    assert status.status_code == 200
    data = status.json()
    assert (data["status"], data["ground"], data["decision"], data["dispute_window"]) == (
        "received",
        "c",
        None,
        None,
    )
    assert [item["status"] for item in data["history"]] == ["received"]


def test_a_ground_that_does_not_fit_is_422_keyed_by_reason_in_the_callers_language(client):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 16, 9, 0)):
        response = post_objection(client, request, code, reason="a", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert "has not been answered" in response.json()["errors"]["reason"][0]
    with freeze_time(at(2026, 5, 7, 9, 0)):
        late = post_objection(client, request, code, reason="c", HTTP_ACCEPT_LANGUAGE="id")
    assert late.status_code == 422 and "6 Mei 2026" in late.json()["errors"]["reason"][0]
    assert not Objection.objects.exists()


def test_unknown_number_and_wrong_code_are_the_same_404_as_for_requests(client):
    request, code = filed_request()
    wrong = post_objection(client, request, code + "x")
    request.registration_number = "35.04-2026-99999"
    unknown = post_objection(client, request, code)
    reference = client.get("/api/v1/requests/35.04-2026-99999", HTTP_X_TRACKING_CODE=code)
    assert wrong.status_code == unknown.status_code == reference.status_code == 404
    assert wrong.json() == unknown.json() == reference.json()


def test_status_needs_the_right_tracking_code(client):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        number = post_objection(client, request, code).json()["objection_number"]
    assert client.get(f"/api/v1/objections/{number}", HTTP_X_TRACKING_CODE="nope").status_code == 404
    assert client.get("/api/v1/objections/KEB-35.04-2026-09999", HTTP_X_TRACKING_CODE=code).status_code == 404


def test_filing_is_rate_limited(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "objection-submit": "2/h"}
    request, code = filed_request()
    statuses = [post_objection(client, request, "wrong").status_code for _ in range(3)]
    assert statuses[:2] == [404, 404] and statuses[2] == 429


def test_decision_by_the_superior_only_officer_403_other_unit_404(client, make_staff):
    ppid = make_staff("ppid", ("35.04", "ppid"))
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        number = post_objection(client, request, code, reason="a").json()["objection_number"]
    url = f"/api/v1/staff/objections/{number}/decision"
    body = {"outcome": "dismissed", "explanation": "Article 17(h) applies."}
    officer = make_staff("officer", ("35.04", "officer"))
    other = make_staff("atasan-jatim", ("35", "superior"))
    atasan = make_staff("atasan", ("35.04", "superior"))
    assert (
        client.post(url, body, content_type="application/json", **bearer_headers(officer)).status_code == 403
    )
    assert client.post(url, body, content_type="application/json", **bearer_headers(other)).status_code == 404
    assert (
        client.post(
            url, {"outcome": "settled"}, content_type="application/json", **bearer_headers(atasan)
        ).status_code
        == 422
    )
    with freeze_time(at(2026, 3, 17, 10, 0)):
        done = client.post(url, body, content_type="application/json", **bearer_headers(atasan))
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "decided" and "response_url" in done.json()
    again = client.post(url, body, content_type="application/json", **bearer_headers(atasan))
    assert again.status_code == 409
    with freeze_time(at(2026, 3, 18, 9, 0)):
        status = client.get(f"/api/v1/objections/{number}", HTTP_X_TRACKING_CODE=code).json()
    assert status["decision"]["outcome"] == "dismissed"
    assert status["dispute_window"]["start"] == "2026-03-17"
    assert status["dispute_window"]["commission_name"] == "Komisi Informasi Provinsi Jawa Timur"
    listed = client.get("/api/v1/staff/objections?status=decided", **bearer_headers(atasan)).json()
    assert [item["objection_number"] for item in listed["results"]] == [number]
    assert client.get("/api/v1/staff/objections", **bearer_headers(other)).json()["count"] == 0


def test_ground_b_without_a_request_over_multipart(client):
    data = {
        key: value
        for key, value in request_data().items()
        if key in {"unit", "requester_type", "name", "nik", "email", "phone", "address", "occupation"}
    }
    with freeze_time(at(2026, 3, 17, 9, 0)):
        response = client.post(
            "/api/v1/objections/periodic",
            {**data, "statement": "No 2025 financial report.", "identity_document": pdf_upload()},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    status = client.get(
        f"/api/v1/objections/{body['objection_number']}", HTTP_X_TRACKING_CODE=body["tracking_code"]
    )
    assert status.status_code == 200 and status.json()["registration_number"] is None
    bad = client.post("/api/v1/objections/periodic", {**data, "nik": "12", "statement": "x"})
    assert bad.status_code == 422 and "nik" in bad.json()["errors"]


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/objections",
        "/api/v1/objections/{number}",
        "/api/v1/staff/objections",
        "/api/v1/staff/objections/{number}/decision",
    ):
        assert path in paths


def test_disputes_are_recorded_and_updated_by_the_units_handlers_only(client, make_staff):
    ppid = make_staff("ppid", ("35.04", "ppid"))
    atasan = make_staff("atasan", ("35.04", "superior"))
    auditor = make_staff("auditor", ("35.04", "auditor"))
    foreign = make_staff("ppid-jabar", ("32.01", "ppid"))
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        number = post_objection(client, request, code, reason="a").json()["objection_number"]
    url = f"/api/v1/staff/objections/{number}/dispute"

    def send(method, user, body):
        call = client.post if method == "POST" else client.patch
        with freeze_time(at(2026, 3, 20, 10, 0)):
            return call(url, body, content_type="application/json", **bearer_headers(user))

    filed = {"filed_on": "2026-03-19", "case_number": "7/KI-JATIM/2026"}
    # Not answered and not yet due: no dispute window open (409); nothing to update yet (409).
    assert send("POST", ppid, filed).status_code == 409
    assert send("PATCH", ppid, {"stage": "mediation"}).status_code == 409
    with freeze_time(at(2026, 3, 17, 10, 0)):
        decided = client.post(
            f"/api/v1/staff/objections/{number}/decision",
            {"outcome": "dismissed", "explanation": "Article 17(h) applies."},
            content_type="application/json",
            **bearer_headers(atasan),
        )
    assert decided.status_code == 200, decided.content
    assert send("POST", auditor, filed).status_code == 403  # reads the unit's cases, does not handle them
    assert send("POST", foreign, filed).status_code == 404
    assert (
        client.post(
            "/api/v1/staff/objections/KEB-35.04-2026-09999/dispute",
            filed,
            content_type="application/json",
            **bearer_headers(ppid),
        ).status_code
        == 404
    )
    assert send("POST", ppid, {"filed_on": "2026-03-01"}).status_code == 422  # before the objection
    assert not Dispute.objects.exists()

    recorded = send("POST", ppid, filed)
    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    assert (body["stage"], body["case_number"], body["filed_on"]) == (
        "filed",
        "7/KI-JATIM/2026",
        "2026-03-19",
    )
    assert body["commission_name"] == "Komisi Informasi Provinsi Jawa Timur"
    assert send("POST", ppid, filed).status_code == 409  # one dispute per objection: update it

    assert send("PATCH", auditor, {"stage": "mediation"}).status_code == 403
    assert send("PATCH", foreign, {"stage": "mediation"}).status_code == 404
    assert send("PATCH", atasan, {"stage": "nowhere"}).status_code == 422
    updated = send("PATCH", atasan, {"stage": "mediation", "mediation_on": "2026-03-20"})
    assert updated.status_code == 200, updated.content
    assert (updated.json()["stage"], updated.json()["mediation_on"]) == ("mediation", "2026-03-20")
    assert updated.json()["case_number"] == "7/KI-JATIM/2026"  # unchanged fields keep their value
    dispute = Dispute.objects.get()
    assert (dispute.stage, dispute.recorded_by) == ("mediation", ppid)
    with freeze_time(at(2026, 3, 20, 11, 0)):
        detail = client.get(f"/api/v1/staff/objections/{number}", **bearer_headers(auditor)).json()
    assert detail["dispute"]["stage"] == "mediation"


def test_the_objection_number_is_found_whatever_its_case(client):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        number = post_objection(client, request, code).json()["objection_number"]
        exact = client.get(f"/api/v1/objections/{number}", HTTP_X_TRACKING_CODE=code)
        lower = client.get(f"/api/v1/objections/{number.lower()}", HTTP_X_TRACKING_CODE=code)
        mixed = client.get(f"/api/v1/objections/Keb{number[3:]}", HTTP_X_TRACKING_CODE=code)
        wrong = client.get(f"/api/v1/objections/{number.lower()}", HTTP_X_TRACKING_CODE="nope")
    assert exact.status_code == lower.status_code == mixed.status_code == 200
    assert lower.json() == exact.json() == mixed.json()
    assert wrong.status_code == 404
