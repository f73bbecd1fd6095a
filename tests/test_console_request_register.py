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
