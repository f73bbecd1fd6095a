"""No input gives a 500 on the requests, objections and verification endpoints (contract section 2).

One odd value among otherwise valid ones, so that an early 422 on a missing field does not hide
what the rest of the handler would do with it.
"""

import json
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.disclosure_support import pdf_upload, request_data
from tests.test_no_server_errors import SETTINGS, junk

from eppid.accounts.services import api_token_create
from eppid.disclosure.services import request_submit

pytestmark = pytest.mark.django_db

REQUEST_FIELDS = sorted(request_data()) + ["legal_entity_number", "requester_type", "group_name"]
json_junk = st.one_of(junk, st.integers(), st.none(), st.booleans(), st.lists(junk, max_size=3))


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def _ok(response):
    assert response.status_code < 500, response.content[:500]


@SETTINGS
@given(name=st.sampled_from(REQUEST_FIELDS), value=junk, document=st.binary(max_size=2000))
def test_filing_a_request(client, name, value, document):
    body = {**request_data(), name: value}
    body["identity_document"] = pdf_upload(content=document) if document else pdf_upload()
    _ok(client.post("/api/v1/requests", body))


@SETTINGS
@given(number=junk, code=junk)
def test_following_a_request(client, number, code):
    safe_code = code.replace("\n", " ").replace("\r", " ")
    _ok(client.get(f"/api/v1/requests/{quote(number, safe='')}", HTTP_X_TRACKING_CODE=safe_code))
    _ok(client.get(f"/api/v1/objections/{quote(number, safe='')}", HTTP_X_TRACKING_CODE=safe_code))


@pytest.fixture
def officer_client(make_staff, client):
    user = make_staff("fuzz.officer", ("35.04", "officer"))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='fuzz')[1]}"
    return client


@pytest.fixture
def filed():
    return request_submit(data=request_data(), identity_document=pdf_upload())


@SETTINGS
@given(
    action=st.sampled_from(["extend", "decision", "forward"]),
    field=st.sampled_from(
        ["reason", "outcome", "explanation", "exemption_basis", "held_by", "fee_rupiah", "unit"]
    ),
    value=json_junk,
)
def test_staff_actions(officer_client, filed, action, field, value):
    base = {"reason": "Masih dicari", "outcome": "rejected", "exemption_basis": "a", "unit": "35"}
    path = f"/api/v1/staff/requests/{filed.request.registration_number}/{action}"
    _ok(officer_client.post(path, json.dumps({**base, field: value}), content_type="application/json"))
    _ok(officer_client.post(path, "{not json", content_type="application/json"))


@SETTINGS
@given(
    field=st.sampled_from(["registration_number", "tracking_code", "reason", "statement"]), value=json_junk
)
def test_filing_an_objection(client, filed, field, value):
    base = {
        "registration_number": filed.request.registration_number,
        "tracking_code": filed.tracking_code,
        "reason": "a",
        "statement": "Saya keberatan",
    }
    _ok(
        client.post("/api/v1/objections", json.dumps({**base, field: value}), content_type="application/json")
    )


@SETTINGS
@given(document=st.binary(max_size=5000))
def test_verifying_a_document(client, document):
    _ok(client.post("/api/v1/verify", {"file": pdf_upload(content=document or b"%PDF-")}))


@pytest.mark.parametrize("number", ["%00", "35.04-2026-00001%00", "a%20b", "x" * 41])
def test_numbers_that_cannot_be_numbers_are_an_ordinary_404(client, officer_client, number):
    # Found by the fuzz test on PostgreSQL: a NUL byte reached the query and gave a 500.
    code = {"HTTP_X_TRACKING_CODE": "whatever"}
    assert client.get(f"/api/v1/requests/{number}", **code).status_code == 404
    assert client.get(f"/api/v1/objections/{number}", **code).status_code == 404
    assert officer_client.get(f"/api/v1/staff/requests/{number}").status_code == 404
