"""POST /api/v1/staff/objections and /staff/objections/periodic: objections received on paper,
registered by staff through the API as through the console (decision 1698)."""

import pytest
from freezegun import freeze_time
from tests.console_support import pdf_upload
from tests.disclosure_support import request_data
from tests.objection_support import at, decided_request, filed_request

from eppid.objections.models import Objection

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/objections"


@pytest.fixture
def officer(make_staff):
    return make_staff("desk", ("35.04", "officer"))


def body(request, **changes) -> dict:
    data = {
        "registration_number": request.registration_number,
        "reason": "c",
        "statement": "Surat keberatan.",
        "channel": "post",
        "received_at": "2026-03-17T02:00:00+00:00",  # 09:00 in Jakarta
    }
    data.update(changes)
    return data


def test_a_letter_is_registered_as_it_stood_on_arrival(make_staff, officer, api_client):
    ppid = make_staff("ppid", ("35.04", "ppid"))
    request, _code = decided_request(ppid, at(2026, 3, 25, 10, 0), outcome="granted")
    with freeze_time(at(2026, 3, 26, 9, 0)):
        created = api_client(officer).post(URL, body(request), "application/json")
    assert created.status_code == 201, created.content
    answer = created.json()
    objection = Objection.objects.get()
    assert answer["objection_number"] == objection.number and answer["channel"] == "post"
    assert answer["received_at"].startswith("2026-03-17T02:00:00")
    assert answer["receipt_url"] and answer["audit"]["leaf_hash"]
    assert objection.created_by == officer


def test_bad_input_is_a_422_naming_each_field_and_nothing_changes(officer, api_client):
    request, _code = filed_request()
    with freeze_time(at(2026, 3, 4, 9, 0)):
        client = api_client(officer)
        phone = client.post(URL, body(request, channel="phone"), "application/json")
        future = client.post(URL, body(request, received_at="2999-01-01T09:00:00+07:00"), "application/json")
        unknown = client.post(URL, body(request, registration_number="nope"), "application/json")
        early = client.post(
            URL, body(request, reason="c", received_at="2026-03-03T09:00:00+07:00"), "application/json"
        )
        junk = client.post(URL, "not json", "application/json")
    assert phone.status_code == 422 and "channel" in phone.json()["errors"]
    assert future.status_code == 422 and "received_at" in future.json()["errors"]
    assert unknown.status_code == 422 and "registration_number" in unknown.json()["errors"]
    assert early.status_code == 422 and "reason" in early.json()["errors"]
    assert junk.status_code in (400, 422)
    assert not Objection.objects.exists()


def test_a_request_of_another_unit_is_not_revealed(officer, api_client):
    request, _code = filed_request(unit="35.05")
    with freeze_time(at(2026, 3, 4, 9, 0)):
        data = body(request, reason="b", received_at="2026-03-03T09:00:00+07:00")
        answer = api_client(officer).post(URL, data, "application/json")
    assert answer.status_code == 422 and "registration_number" in answer.json()["errors"]


def test_the_superior_gets_403(make_staff, api_client):
    atasan = make_staff("atasan", ("35.04", "superior"))
    request, _code = filed_request()
    with freeze_time(at(2026, 3, 4, 9, 0)):
        data = body(request, reason="b", received_at="2026-03-03T09:00:00+07:00")
        answer = api_client(atasan).post(URL, data, "application/json")
    assert answer.status_code == 403
    assert not Objection.objects.exists()


def test_the_same_idempotency_key_registers_once(officer, api_client):
    request, _code = filed_request()
    with freeze_time(at(2026, 3, 4, 9, 0)):
        client = api_client(officer)
        headers = {"HTTP_IDEMPOTENCY_KEY": "4f7e1c9a-desk-0001"}
        data = body(request, reason="b", received_at="2026-03-03T09:00:00+07:00")
        first = client.post(URL, data, "application/json", **headers)
        again = client.post(URL, data, "application/json", **headers)
    assert first.status_code == again.status_code == 201, (first.content, again.content)
    assert first.json()["objection_number"] == again.json()["objection_number"]
    assert Objection.objects.count() == 1


def test_a_periodic_objection_on_paper(officer, api_client):
    data = request_data(
        channel="walk_in", received_at="2026-03-03T14:00:00+07:00", statement="Tidak diumumkan."
    )
    for name in ("information", "purpose", "access_method", "copy_format", "delivery"):
        data.pop(name)
    with freeze_time(at(2026, 3, 4, 9, 0)):
        created = api_client(officer).post(f"{URL}/periodic", {**data, "identity_document": pdf_upload()})
        unknown = api_client(officer).post(f"{URL}/periodic", {**data, "unit": "99.99"})
    assert created.status_code == 201, created.content
    assert created.json()["tracking_code"] and created.json()["channel"] == "walk_in"
    assert unknown.status_code == 422 and "unit" in unknown.json()["errors"]
    assert Objection.objects.get().request is None
