"""No input gives a 500 on the API (contract section 2), and what it stores is clean text.

One odd value among otherwise valid ones, so that an early 422 on a missing field does not hide
what the rest of the handler would do with it. The values are drawn from tests/text_strategies.py
(NUL and other controls, lone surrogates in JSON, bidi overrides, zero-width and invisible
characters, combining sequences, other scripts) as well as arbitrary text.

CI runs this file on SQLite and on PostgreSQL (`make test` with DATABASE_URL): PostgreSQL answers a
NUL or a surrogate that slipped through with an error, so a field that skips the text rule shows
up as a 500 there; on both databases, every text a request or objection stores must already be
what the rule would make of it.
"""

import json
from urllib.parse import quote

import pytest
from freezegun import freeze_time
from hypothesis import example, given
from hypothesis import strategies as st
from tests.disclosure_support import pdf_upload, request_data
from tests.fuzz_support import PROBES, SETTINGS, json_junk, junk, probed
from tests.objection_support import at, decided_request

from eppid.accounts.services import api_token_create
from eppid.core.text import text_clean
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit
from eppid.objections.models import Objection

pytestmark = pytest.mark.django_db

REQUEST_FIELDS = sorted(request_data()) + ["legal_entity_number", "requester_type", "group_name"]
MULTILINE = {"address", "information", "purpose", "statement", "explanation", "note", "reason"}


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def _ok(response):
    assert response.status_code < 500, response.content[:500]
    return response


def assert_stored_text_is_clean(row, fields):
    """Whatever was accepted is stored as the text rule makes it: NFC, no controls, no overrides."""
    for field in fields:
        value = getattr(row, field) or ""
        assert text_clean(value, multiline=field in MULTILINE) == value, (field, value)


@SETTINGS
@given(name=st.sampled_from(REQUEST_FIELDS), value=junk, document=st.binary(max_size=2000))
@probed("name", REQUEST_FIELDS, document=b"")
def test_filing_a_request(client, name, value, document):
    body = {**request_data(), name: value}
    body["identity_document"] = pdf_upload(content=document) if document else pdf_upload()
    response = _ok(client.post("/api/v1/requests", body))
    if response.status_code == 201:
        row = InformationRequest.objects.get(registration_number=response.json()["registration_number"])
        assert_stored_text_is_clean(
            row, ("name", "address", "occupation", "information", "purpose", "group_name")
        )


@SETTINGS
@given(number=junk, code=junk)
def test_following_a_request(client, number, code):
    safe_code = code.replace("\n", " ").replace("\r", " ")
    _ok(client.get(f"/api/v1/requests/{quote(number, safe='')}", HTTP_X_TRACKING_CODE=safe_code))
    _ok(client.get(f"/api/v1/objections/{quote(number, safe='')}", HTTP_X_TRACKING_CODE=safe_code))


@pytest.fixture
def officer_client(make_staff, client):
    user = make_staff("fuzz.officer", ("35.04", "officer"), ("35.04", "superior"), ("35", "officer"))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='fuzz')[1]}"
    return client


@pytest.fixture
def filed():
    return request_submit(data=request_data(), identity_document=pdf_upload())


@SETTINGS
@given(
    action=st.sampled_from(["extend", "decision", "forward"]),
    field=st.sampled_from(
        [
            "reason",
            "outcome",
            "explanation",
            "exemption_basis",
            "exemption",
            "held_by",
            "material",
            "fee_rupiah",
            "unit",
        ]
    ),
    value=json_junk,
)
@probed("field", ["reason"], probes=(*PROBES, "a\ud800b"), action="extend")
@probed("field", ["reason", "unit"], action="forward")
@probed("field", ["explanation", "held_by", "material", "outcome", "exemption_basis"], action="decision")
def test_staff_actions(officer_client, filed, action, field, value):
    base = {"reason": "Masih dicari", "outcome": "rejected", "exemption_basis": "a", "unit": "35"}
    path = f"/api/v1/staff/requests/{filed.request.registration_number}/{action}"
    _ok(officer_client.post(path, json.dumps({**base, field: value}), content_type="application/json"))
    _ok(officer_client.post(path, "{not json", content_type="application/json"))
    filed.request.refresh_from_db()
    assert_stored_text_is_clean(filed.request, ("extension_reason",))


@SETTINGS
@given(field=st.sampled_from(["channel", *REQUEST_FIELDS, "received_at"]), value=junk)
@probed("field", ["channel", *REQUEST_FIELDS, "received_at"], probes=PROBES[:1])
def test_registering_a_request_at_the_desk(officer_client, field, value):
    body = {**request_data(), "channel": "walk_in", "received_at": "2026-01-05T09:00:00+07:00", field: value}
    response = _ok(officer_client.post("/api/v1/staff/requests", {**body, "identity_document": pdf_upload()}))
    if response.status_code == 201:
        row = InformationRequest.objects.get(registration_number=response.json()["registration_number"])
        assert_stored_text_is_clean(row, ("name", "address", "occupation", "information", "purpose"))


@SETTINGS
@given(status=junk, overdue=junk, page=junk)
@example(status="\x00", overdue="", page="1")
@example(status="\u202e", overdue="", page="1")
def test_staff_lists(officer_client, status, overdue, page):
    for path in ("/api/v1/staff/requests", "/api/v1/staff/objections"):
        _ok(officer_client.get(path, {"status": status, "overdue": overdue, "page": page}))
    query = {"unit": status, "from": overdue, "to": page, "format": "json"}
    _ok(officer_client.get("/api/v1/staff/requests/register", query))
    _ok(officer_client.get("/api/v1/staff/objections/register", query))


@SETTINGS
@given(
    field=st.sampled_from(["registration_number", "tracking_code", "reason", "statement"]), value=json_junk
)
@probed(
    "field", ["registration_number", "tracking_code", "reason", "statement"], probes=(*PROBES, "a\ud800b")
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


PERIODIC_FIELDS = [
    "unit",
    "requester_type",
    "name",
    "nik",
    "email",
    "phone",
    "address",
    "occupation",
    "statement",
]


@SETTINGS
@given(field=st.sampled_from(PERIODIC_FIELDS), value=junk)
@probed("field", PERIODIC_FIELDS)
def test_filing_a_periodic_objection(client, field, value):
    body = {key: value for key, value in request_data().items() if key in PERIODIC_FIELDS}
    body = {**body, "statement": "Laporan keuangan 2025 tidak ada", field: value}
    response = _ok(client.post("/api/v1/objections/periodic", {**body, "identity_document": pdf_upload()}))
    if response.status_code == 201:
        row = Objection.objects.get(number=response.json()["objection_number"])
        assert_stored_text_is_clean(row, ("statement",))


@pytest.fixture
def objection(make_staff):
    ppid = make_staff("fuzz.ppid", ("35.04", "ppid"))
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    from eppid.objections.services import objection_file

    with freeze_time(at(2026, 3, 11, 9, 0)):
        return objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="a", statement="Why?"
        ).objection


@SETTINGS
@given(
    action=st.sampled_from(["decision", "followup", "dispute"]),
    field=st.sampled_from(["outcome", "explanation", "note", "filed_on", "case_number", "stage", "court"]),
    value=json_junk,
)
@probed("field", ["outcome", "explanation"], action="decision")
@probed("field", ["note"], action="followup")
@probed("field", ["filed_on", "case_number", "stage", "court", "note"], action="dispute")
def test_staff_objection_actions(officer_client, objection, action, field, value):
    base = {"outcome": "dismissed", "explanation": "Pasal 17 huruf h", "filed_on": "2026-03-19"}
    path = f"/api/v1/staff/objections/{objection.number}/{action}"
    with freeze_time(at(2026, 3, 17, 10, 0)):
        _ok(officer_client.post(path, json.dumps({**base, field: value}), content_type="application/json"))
    objection.refresh_from_db()
    assert_stored_text_is_clean(objection, ("explanation", "followup_note"))


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
