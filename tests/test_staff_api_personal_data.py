"""The staff API shows a requester's personal data as the console does (issue 10, item 6).

``GET /api/v1/staff/requests?page_size=1000`` returned every full NIK in one call, with no
event, to anyone whose role may unmask; the console masks the NIK and records each unmask.
Now both follow one rule: the NIK is masked unless the caller's role may unmask it AND the
caller asks for it on one request (``?unmask=nik`` on the detail, never in a list), and each
unmask is the same timeline event (and transparency-log entry) as the console's. Lists show
what the console's inbox shows (the name), with the contact details masked; one request shows
them in full, as the console's page does.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.disclosure_support import NIK, pdf_upload, request_data
from tests.request_support import DECREE

from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.disclosure.services import request_submit
from eppid.integrity.models import LogEntry

pytestmark = pytest.mark.django_db

REQUESTER_FIELDS = {
    "requester_type",
    "name",
    "group_name",
    "nik",
    "nik_masked",
    "masked_fields",
    "legal_entity_number",
    "email",
    "phone",
    "address",
    "occupation",
}


def filed(unit="35.04", **overrides) -> InformationRequest:
    return request_submit(data=request_data(unit=unit, **overrides)).request


def unmask_events():
    return RequestEvent.objects.filter(kind="nik_unmasked")


@pytest.fixture
def ppid(make_staff):
    return make_staff("ppid", ("35.04", "ppid"))


@pytest.mark.parametrize("role", ["officer", "ppid", "superior", "auditor", "admin"])
def test_a_list_never_carries_a_full_nik_or_contact_details(role, make_staff, api_client):
    user = make_staff("u", is_superuser=True) if role == "admin" else make_staff("u", ("35.04", role))
    for _ in range(3):
        filed()
    body = api_client(user).get("/api/v1/staff/requests?page_size=1000").json()
    assert body["count"] == 3
    for item in body["results"]:
        requester = item["requester"]
        assert set(requester) == REQUESTER_FIELDS  # every field present, masked
        assert requester["nik"] == "3504********0001" and requester["nik_masked"] is True
        assert requester["email"] == "s***@example.org"
        assert requester["phone"].endswith("456") and "123" not in requester["phone"]
        assert requester["address"] == "***"
        assert set(requester["masked_fields"]) == {"nik", "email", "phone", "address"}
        assert requester["name"] == "Siti Aminah"  # as the console's inbox shows it
    assert not unmask_events().exists()


def test_a_list_refuses_to_unmask(ppid, api_client):
    filed()
    response = api_client(ppid).get("/api/v1/staff/requests?unmask=nik", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and "unmask" in response.json()["errors"]
    assert not unmask_events().exists()


def test_one_request_shows_the_contact_details_and_the_nik_masked_even_to_the_ppid(ppid, api_client):
    item = filed()
    requester = api_client(ppid).get(f"/api/v1/staff/requests/{item.registration_number}").json()["requester"]
    assert set(requester) == REQUESTER_FIELDS
    assert requester["nik"] == "3504********0001" and requester["nik_masked"] is True
    assert requester["masked_fields"] == ["nik"]
    assert (requester["email"], requester["phone"], requester["address"]) == (
        "siti@example.org",
        "0355 123456",
        "Jl. Merdeka 1, Tulungagung",
    )
    assert not unmask_events().exists()


def test_asking_to_unmask_shows_the_nik_once_and_records_it_as_the_console_does(
    ppid, verified_client, api_client
):
    item = filed()
    url = f"/api/v1/staff/requests/{item.registration_number}?unmask=nik"

    requester = api_client(ppid).get(url).json()["requester"]

    assert requester["nik"] == NIK and requester["nik_masked"] is False and requester["masked_fields"] == []
    api_event = unmask_events().get()
    assert (api_event.request, api_event.actor) == (item, ppid)
    # The event is in the transparency log.
    assert LogEntry.objects.filter(
        object_type="disclosure.RequestEvent", object_id=str(api_event.pk)
    ).exists()
    # The console's unmask writes the same event.
    console = reverse("office:request-unmask", kwargs={"code": "35.04", "number": item.registration_number})
    assert verified_client(ppid).post(console).status_code == 200
    console_event = unmask_events().exclude(pk=api_event.pk).get()
    fields = ("request_id", "kind", "actor_id", "status_after", "note")
    assert [getattr(api_event, f) for f in fields] == [getattr(console_event, f) for f in fields]
    # The next ordinary read is masked again.
    detail = api_client(ppid).get(f"/api/v1/staff/requests/{item.registration_number}").json()
    assert detail["requester"]["nik"] == "3504********0001"


@pytest.mark.parametrize("role", ["officer", "auditor"])
def test_a_role_that_may_not_unmask_gets_403_and_nothing_is_recorded(role, make_staff, api_client):
    user = make_staff("u", (("35.04", role)))
    item = filed()
    response = api_client(user).get(f"/api/v1/staff/requests/{item.registration_number}?unmask=nik")
    assert response.status_code == 403
    assert NIK not in response.content.decode()
    assert not unmask_events().exists()


def test_another_units_request_stays_404_with_unmask(make_staff, api_client):
    foreign = make_staff("far", ("32.01", "ppid"))
    item = filed()
    assert (
        api_client(foreign).get(f"/api/v1/staff/requests/{item.registration_number}?unmask=nik").status_code
        == 404
    )
    assert not unmask_events().exists()


def test_only_the_nik_can_be_asked_for(ppid, api_client):
    item = filed()
    response = api_client(ppid).get(
        f"/api/v1/staff/requests/{item.registration_number}?unmask=phone", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422 and "unmask" in response.json()["errors"]
    assert not unmask_events().exists()


def test_a_request_without_a_nik_records_no_unmask(ppid, api_client):
    item = request_submit(
        data=request_data(requester_type="legal_entity", nik="", legal_entity_number=DECREE),
        identity_document=pdf_upload(),
    ).request
    body = api_client(ppid).get(f"/api/v1/staff/requests/{item.registration_number}?unmask=nik").json()
    assert body["requester"]["nik"] is None
    assert not unmask_events().exists()


def test_the_openapi_document_explains_the_rule(client):
    schema = client.get("/api/v1/openapi.json").json()
    detail = schema["paths"]["/api/v1/staff/requests/{number}"]["get"]
    unmask = next(p for p in detail["parameters"] if p["name"] == "unmask")
    assert "unmask_personal_data" in unmask["description"] and "recorded" in unmask["description"]
    listing = schema["paths"]["/api/v1/staff/requests"]["get"]
    assert "masked" in listing["description"]
    requester = schema["components"]["schemas"]["RequesterOut"]["properties"]
    assert "masked" in requester["nik"]["description"].lower()
    assert "masked" in requester["email"]["description"].lower()
