"""The objection desk in the console (decision 1698): an objection received on paper, by email or
at the desk, registered by the unit's staff on a request of the unit, or without one on ground b.

Calendar: see tests/objection_support.py (a request of Monday 2 March 2026 is due 16 March).
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from freezegun import freeze_time
from tests.console_support import pdf_upload, request_data
from tests.objection_support import at, decided_request, filed_request

from eppid.objections.models import Objection, ObjectionEvent

pytestmark = pytest.mark.django_db

NEW = "/en" + reverse("office:objection-new", kwargs={"code": "35.04"})
PERIODIC = "/en" + reverse("office:objection-new-periodic", kwargs={"code": "35.04"})


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


@pytest.fixture
def ppid(make_staff):
    return make_staff("ppid", ("35.04", "ppid"))


def arrival(request, day="2026-03-17", time="09:00", channel="post") -> dict:
    return {
        "request": request.registration_number,
        "channel": channel,
        "received_date": day,
        "received_time": time,
    }


def test_the_request_page_links_the_desk_with_its_number(officer, verified_client):
    request, _code = filed_request()
    client = verified_client(officer)
    page = client.get(
        "/en" + reverse("office:request", kwargs={"code": "35.04", "number": request.registration_number})
    )
    assert "Register an objection received on paper" in page.content.decode()
    first = client.get(NEW, {"request": request.registration_number})
    assert first.status_code == 200
    assert first.context["arrival"]["request"].value() == request.registration_number
    assert not first.context["arrival"].errors


def test_the_objection_list_links_both_desk_forms(officer, verified_client):
    page = verified_client(officer).get("/en" + reverse("office:objections", kwargs={"code": "35.04"}))
    text = page.content.decode()
    assert NEW.removeprefix("/en") in text and PERIODIC.removeprefix("/en") in text


def test_only_the_grounds_that_fitted_on_arrival_are_offered(officer, ppid, verified_client):
    request, _code = decided_request(ppid, at(2026, 3, 25, 10, 0), outcome="granted")
    with freeze_time(at(2026, 3, 26, 9, 0)):
        page = verified_client(officer).get(NEW, arrival(request))
    offered = {row["value"] for row in page.context["open_grounds"]}
    assert "c" in offered and "a" not in offered and "d" not in offered
    assert "17 March 2026 09:00" in page.content.decode() and "By post" in page.content.decode()


def test_a_postal_objection_is_registered_with_its_receipt_and_channel(officer, ppid, verified_client):
    request, _code = decided_request(ppid, at(2026, 3, 25, 10, 0), outcome="granted")
    client = verified_client(officer)
    with freeze_time(at(2026, 3, 26, 9, 0)):
        key = client.get(NEW, arrival(request)).context["form"]["submission_key"].value()
        response = client.post(
            NEW, {**arrival(request), "ground": "c", "statement": "Tidak dijawab.", "submission_key": key}
        )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    objection = Objection.objects.get()
    assert (objection.request, objection.channel, objection.ground) == (request, "post", "c")
    assert objection.created_by == officer and objection.receipt_id
    assert ObjectionEvent.objects.get(objection=objection).kind == "registered"
    assert objection.number in response.content.decode()
    with freeze_time(at(2026, 3, 26, 9, 5)):
        detail = client.get(f"/en/office/units/35.04/objections/{objection.number}/")
    assert "By post" in detail.content.decode()


def test_sending_the_form_twice_registers_one_objection(officer, verified_client):
    request, _code = filed_request()
    client = verified_client(officer)
    with freeze_time(at(2026, 3, 4, 9, 0)):
        key = client.get(NEW, arrival(request, "2026-03-03")).context["form"]["submission_key"].value()
        data = {
            **arrival(request, "2026-03-03"),
            "ground": "b",
            "statement": "Tidak diumumkan.",
            "submission_key": key,
        }
        client.post(NEW, data)
        again = client.post(NEW, data)
    assert Objection.objects.count() == 1
    assert "already sent" in again.content.decode()


def test_a_ground_that_did_not_fit_on_arrival_is_refused_and_nothing_changes(officer, ppid, verified_client):
    request, _code = decided_request(ppid, at(2026, 3, 10, 11, 0), outcome="rejected")
    with freeze_time(at(2026, 3, 11, 9, 0)):
        response = verified_client(officer).post(
            NEW, {**arrival(request, "2026-03-10", "09:00"), "ground": "a", "statement": "Ditolak."}
        )
    assert response.status_code == 200
    assert response.context["form"].errors["ground"]
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"received_date": "2026-03-05"}, "received_date", "future"),
        ({"received_date": "2024-12-31"}, "received_date", "1 January 2025"),
        ({"channel": "phone"}, "channel", "valid choice"),
        ({"request": "35.04-2026-99999"}, "request", "No request of your unit"),
        ({"received_time": "25:00"}, "received_time", "valid time"),
    ],
)
def test_bad_arrival_answers_are_named_on_their_fields(officer, verified_client, changes, field, words):
    request, _code = filed_request()
    with freeze_time(at(2026, 3, 4, 9, 0)):
        data = {**arrival(request, "2026-03-03"), "ground": "b", "statement": "x", **changes}
        response = verified_client(officer).post(NEW, data)
    assert response.status_code == 200
    assert words in " ".join(response.context["arrival"].errors[field])
    assert not Objection.objects.exists()


def test_a_request_of_another_unit_is_not_found_from_this_unit(officer, verified_client):
    request, _code = filed_request(unit="35.05")
    with freeze_time(at(2026, 3, 4, 9, 0)):
        response = verified_client(officer).get(NEW, arrival(request, "2026-03-03"))
    assert response.context["arrival"].errors["request"]


def test_the_change_link_keeps_the_answers_and_goes_back_to_step_one(officer, verified_client):
    request, _code = filed_request()
    with freeze_time(at(2026, 3, 4, 9, 0)):
        page = verified_client(officer).get(NEW, {**arrival(request, "2026-03-03"), "edit": "1"})
    assert "open_grounds" not in page.context
    assert page.context["arrival"]["received_date"].value() == "2026-03-03"
    assert urlencode({"request": request.registration_number}) in urlencode(
        dict(page.context["arrival"].initial)
    )


def test_the_superior_and_the_auditor_cannot_register(make_staff, verified_client):
    for username, role in (("atasan", "superior"), ("auditor", "auditor")):
        user = make_staff(username, ("35.04", role))
        assert verified_client(user).get(NEW).status_code == 403


def test_the_pages_are_translated(officer, verified_client):
    page = verified_client(officer).get(reverse("office:objection-new", kwargs={"code": "35.04"}))
    assert "Daftarkan keberatan yang diterima di atas kertas" in page.content.decode()


# --- ground b without a request -----------------------------------------------------------------


def periodic_data(**changes) -> dict:
    data = request_data(channel="walk_in", received_date="2026-03-03", received_time="14:00")
    for name in ("unit", "information", "purpose", "access_method", "copy_format", "delivery"):
        data.pop(name)
    data["statement"] = "Laporan keuangan 2025 tidak diumumkan."
    data.update(changes)
    return data


def test_a_periodic_objection_at_the_desk_gets_its_tracking_code_once(officer, verified_client):
    with freeze_time(at(2026, 3, 4, 9, 0)):
        response = verified_client(officer).post(
            PERIODIC, {**periodic_data(), "identity_document": pdf_upload()}
        )
    assert response.status_code == 200
    objection = Objection.objects.get()
    assert objection.request is None and objection.channel == "walk_in"
    assert response.context["tracking_code"] in response.content.decode()


def test_a_periodic_objection_names_every_missing_answer(officer, verified_client):
    response = verified_client(officer).post(PERIODIC, {})
    assert {"channel", "received_date", "received_time", "name", "address", "statement"} <= set(
        response.context["form"].errors
    )
    assert not Objection.objects.exists()


def test_a_periodic_objection_with_a_bad_nik_is_refused_on_its_field(officer, verified_client):
    with freeze_time(at(2026, 3, 4, 9, 0)):
        response = verified_client(officer).post(PERIODIC, periodic_data(nik="123"))
    assert response.context["form"].errors["nik"]
    assert not Objection.objects.exists()
