"""Registering a request received at the desk, by post, email or phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.console_support import NIK, pdf_upload, request_data

from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.law.calendar import receipt_date

pytestmark = pytest.mark.django_db

URL = "/en" + reverse("office:request-register", kwargs={"code": "35.04"})


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


def form_data(when=None, **overrides):
    when = timezone.localtime(when or timezone.now() - timedelta(days=2))
    data = request_data(
        channel="post", received_date=when.date().isoformat(), received_time=when.strftime("%H:%M")
    )
    data.pop("unit")
    data.update(overrides)
    return data


def test_officer_registers_a_postal_request_with_its_real_receipt_date(officer, verified_client):
    when = timezone.now() - timedelta(days=2)
    response = verified_client(officer).post(URL, {**form_data(when), "identity_document": pdf_upload()})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    item = InformationRequest.objects.get()
    assert item.unit.code == "35.04" and item.channel == "post" and item.nik == NIK
    assert item.received_on == receipt_date(timezone.localtime(when).date(), "35.04")
    assert item.created_by == officer
    page = response.content.decode()
    assert item.registration_number in page
    assert response.context["tracking_code"] in page
    assert RequestEvent.objects.filter(request=item, kind="registered", actor=officer).exists()


def test_the_receipt_date_cannot_be_in_the_future(officer, verified_client):
    response = verified_client(officer).post(URL, form_data(timezone.now() + timedelta(days=1)))
    assert "cannot be in the future" in " ".join(response.context["form"].errors["received_date"])
    assert not InformationRequest.objects.exists()


def test_every_missing_field_is_named(officer, verified_client):
    response = verified_client(officer).post(URL, {})
    errors = response.context["form"].errors
    assert {"channel", "received_date", "received_time", "requester_type", "name", "address"} <= set(errors)
    assert "There is a problem" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_service_errors_land_on_their_fields(officer, verified_client):
    response = verified_client(officer).post(URL, form_data(nik="123", email="", phone=""))
    errors = response.context["form"].errors
    assert errors["nik"] and errors["email"]
    assert not InformationRequest.objects.exists()


def test_a_legal_entity_needs_its_deed(officer, verified_client):
    data = form_data(requester_type="legal_entity", nik="", legal_entity_number="AHU-0012345.AH.01.04.2020")
    response = verified_client(officer).post(URL, data)
    assert response.context["form"].errors["identity_document"]
    assert not InformationRequest.objects.exists()


def test_online_is_not_a_staff_channel(officer, verified_client):
    response = verified_client(officer).post(URL, form_data(channel="online"))
    assert response.context["form"].errors["channel"]


def test_a_receipt_date_years_ago_is_refused_with_the_first_day_allowed(officer, verified_client):
    """2020-01-01 typed for this year's letter: refused, nothing registered (not a request due in 2020)."""
    last_year = timezone.localdate().year - 1
    response = verified_client(officer).post(
        URL, form_data(received_date="2020-01-01", received_time="09:30")
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["received_date"])
    assert f"1 January {last_year}" in errors
    assert not InformationRequest.objects.exists()


def test_the_form_carries_a_submission_key_made_when_it_is_shown(officer, verified_client):
    client = verified_client(officer)
    first, second = (client.get(URL).context["form"]["submission_key"].value() for _ in range(2))
    assert first and second and first != second
    assert 'name="submission_key"' in client.get(URL).content.decode()


def _key(client) -> str:
    return client.get(URL).context["form"]["submission_key"].value()


def test_sending_the_form_twice_registers_one_request_and_shows_it_again(officer, verified_client):
    client = verified_client(officer)
    data = {**form_data(), "submission_key": _key(client)}
    first = client.post(URL, {**data, "identity_document": pdf_upload()})
    second = client.post(URL, {**data, "identity_document": pdf_upload()})
    assert InformationRequest.objects.count() == 1
    item = InformationRequest.objects.get()
    assert first.status_code == second.status_code == 200
    assert second.context["item"] == item
    assert second.context["tracking_code"] == first.context["tracking_code"]
    page = second.content.decode()
    assert item.registration_number in page and "already sent" in page
    assert RequestEvent.objects.filter(request=item, kind="registered").count() == 1


def test_the_same_form_sent_again_with_other_answers_is_refused_then_registered(officer, verified_client):
    client = verified_client(officer)
    data = {**form_data(), "submission_key": _key(client)}
    client.post(URL, {**data, "identity_document": pdf_upload()})
    changed = {**data, "name": "Budi Santoso", "identity_document": pdf_upload()}
    refused = client.post(URL, changed)
    assert refused.status_code == 200
    assert "already registered a request" in " ".join(refused.context["form"].non_field_errors())
    assert InformationRequest.objects.count() == 1
    fresh = refused.context["form"]["submission_key"].value()
    assert fresh and fresh != data["submission_key"]
    again = client.post(URL, {**changed, "submission_key": fresh, "identity_document": pdf_upload()})
    assert again.status_code == 200 and InformationRequest.objects.count() == 2


def test_a_paper_copy_by_email_is_refused_as_on_the_portal(officer, verified_client):
    response = verified_client(officer).post(
        URL, {**form_data(copy_format="hardcopy", delivery="email"), "identity_document": pdf_upload()}
    )
    assert response.context["form"].errors["delivery"] == [
        "A paper copy cannot be sent by email: choose pickup, post or courier."
    ]
    assert not InformationRequest.objects.exists()
