"""Objections follow the requester rule of issue 10, item 6, in the API and in the console.

The staff objection API gave every full NIK to a role that may unmask, in lists too, and the
console's case page showed it to them without recording anything. Now: masked unless asked for
on one objection by a role that may unmask; each unmask recorded. The NIK of an objection on a
request is the request's, so its unmask is recorded on the request's timeline (as the request
console records it); a ground-b objection keeps its own identity and its own timeline.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from freezegun import freeze_time
from tests.disclosure_support import NIK, request_data
from tests.objection_support import at, decided_request

from eppid.disclosure.models import RequestEvent
from eppid.integrity.models import LogEntry
from eppid.objections.models import ObjectionEvent
from eppid.objections.services import objection_file, objection_file_periodic

pytestmark = pytest.mark.django_db

MASKED = "3504********0001"


@pytest.fixture
def staff(make_staff):
    return {
        "atasan": make_staff("atasan", ("35.04", "superior")),
        "ppid": make_staff("ppid", ("35.04", "ppid")),
        "officer": make_staff("officer", ("35.04", "officer")),
    }


def on_request(staff):
    request, code = decided_request(staff["ppid"], at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        return objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="a", statement="Why?"
        ).objection


def ground_b():
    return objection_file_periodic(unit="35.04", data=request_data(), statement="Not published.").objection


def recorded():
    return (
        RequestEvent.objects.filter(kind="nik_unmasked").count()
        + ObjectionEvent.objects.filter(kind="nik_unmasked").count()
    )


def test_the_api_list_masks_the_objectors_for_a_role_that_may_unmask(staff, api_client):
    on_request(staff)
    ground_b()
    results = api_client(staff["atasan"]).get("/api/v1/staff/objections?page_size=1000").json()["results"]
    assert len(results) == 2
    for item in results:
        objector = item["objector"]
        assert objector["nik"] == MASKED and objector["nik_masked"] is True
        assert objector["email"] == "s***@example.org" and objector["address"] == "***"
    assert recorded() == 0
    refused = api_client(staff["atasan"]).get("/api/v1/staff/objections?unmask=nik")
    assert refused.status_code == 422 and "unmask" in refused.json()["errors"]


def test_the_api_unmasks_an_objection_on_a_request_on_the_requests_timeline(staff, api_client):
    objection = on_request(staff)
    url = f"/api/v1/staff/objections/{objection.number}"
    assert api_client(staff["atasan"]).get(url).json()["objector"]["nik"] == MASKED
    assert recorded() == 0
    objector = api_client(staff["atasan"]).get(url + "?unmask=nik").json()["objector"]
    assert objector["nik"] == NIK and objector["nik_masked"] is False
    event = RequestEvent.objects.get(kind="nik_unmasked")
    assert (event.request, event.actor) == (objection.request, staff["atasan"])
    assert api_client(staff["officer"]).get(url + "?unmask=nik").status_code == 403
    assert recorded() == 1


def test_the_api_unmasks_a_ground_b_objection_on_its_own_timeline(staff, api_client):
    objection = ground_b()
    objector = (
        api_client(staff["ppid"])
        .get(f"/api/v1/staff/objections/{objection.number}?unmask=nik")
        .json()["objector"]
    )
    assert objector["nik"] == NIK
    event = ObjectionEvent.objects.get(kind="nik_unmasked")
    assert (event.objection, event.actor) == (objection, staff["ppid"])
    assert LogEntry.objects.filter(object_type="objections.ObjectionEvent", object_id=str(event.pk)).exists()


def page_url(objection, suffix=""):
    return f"/en/office/units/35.04/objections/{objection.number}/{suffix}"


def test_the_console_case_page_masks_the_nik_until_asked_and_records_it(staff, verified_client):
    objection = on_request(staff)
    client = verified_client(staff["atasan"])
    page = client.get(page_url(objection)).content.decode()
    assert NIK not in page and MASKED in page
    unmask = reverse("office:objection-unmask", kwargs={"code": "35.04", "number": objection.number})
    assert unmask in page
    assert recorded() == 0
    response = client.post(unmask)
    assert response.status_code == 200 and NIK in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert RequestEvent.objects.filter(request=objection.request, kind="nik_unmasked").count() == 1
    assert NIK not in client.get(page_url(objection)).content.decode()


def test_the_console_records_a_ground_b_unmask_on_the_objection(staff, verified_client):
    objection = ground_b()
    unmask = reverse("office:objection-unmask", kwargs={"code": "35.04", "number": objection.number})
    response = verified_client(staff["ppid"]).post("/en" + unmask)
    assert NIK in response.content.decode()
    assert ObjectionEvent.objects.filter(
        objection=objection, kind="nik_unmasked", actor=staff["ppid"]
    ).exists()
    assert "Identity number unmasked" in response.content.decode()  # in the objection's timeline


def test_an_officer_cannot_unmask_in_the_console(staff, verified_client):
    objection = on_request(staff)
    client = verified_client(staff["officer"])
    unmask = reverse("office:objection-unmask", kwargs={"code": "35.04", "number": objection.number})
    assert unmask not in client.get(page_url(objection)).content.decode()
    assert client.post(unmask).status_code == 403
    assert client.get(unmask).status_code == 405
    assert recorded() == 0
