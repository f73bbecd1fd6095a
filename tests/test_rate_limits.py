"""One named limit per action, whatever the channel (issue 10, item 5).

Filing a request through the API was limited at 600 calls a minute while the form allowed 20 an
hour: thirty API submissions in four seconds all started a legal deadline, signed a receipt and
sent an email. Each action now has one rate and one counter per client, shared by its page and
its API operation. These tests run on whatever cache the settings name: run them once plain
(local memory) and once with ``REDIS_URL`` set (the counters then live in Redis).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data
from tests.objection_support import at, filed_request
from tests.request_support import fill_until_check

from eppid.accounts.services import api_token_create
from eppid.disclosure.models import InformationRequest
from eppid.objections.models import Objection

pytestmark = pytest.mark.django_db

WIZARD_SEND = "/en/permohonan/periksa/"


@pytest.fixture
def limits(settings):
    """limits(**{"request-submit": "2/h"}): set some actions' rates, with limits switched on."""

    def set_rates(**rates):
        settings.RATELIMIT_ENABLE = True
        settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, **rates}

    return set_rates


def api_file(client, **headers):
    return client.post("/api/v1/requests", {**request_data(), "identity_document": pdf_upload()}, **headers)


def wizard_send(client):
    fill_until_check(client, prefix="/en")
    return client.post(WIZARD_SEND)


def assert_problem_429(response, *, most: int):
    assert response.status_code == 429, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 429
    assert 1 <= int(response["Retry-After"]) <= most


def assert_page_429(response, *, most: int):
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Too many requests" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= most


# --- filing a request --------------------------------------------------------------------------


def test_the_api_files_at_most_as_many_requests_as_the_form_allows(client):
    """With the shipped settings: every attempt counts, valid or not; the 21st in an hour is refused."""
    statuses = [client.post("/api/v1/requests", {}).status_code for _ in range(20)]
    assert set(statuses) == {422}
    assert_problem_429(api_file(client), most=3600)
    assert not InformationRequest.objects.exists()


def test_a_request_filed_through_the_form_counts_against_the_api(client, limits):
    limits(**{"request-submit": "2/h"})
    assert wizard_send(client).status_code == 302
    assert api_file(client).status_code == 201
    assert_problem_429(api_file(client), most=3600)
    assert_page_429(wizard_send(client), most=3600)
    assert InformationRequest.objects.count() == 2


def test_a_request_filed_through_the_api_counts_against_the_form(client, limits):
    limits(**{"request-submit": "1/h"})
    assert api_file(client).status_code == 201
    assert_page_429(wizard_send(client), most=3600)
    assert InformationRequest.objects.count() == 1


def test_each_address_has_its_own_allowance(limits):
    limits(**{"request-submit": "1/h"})
    assert api_file(Client(REMOTE_ADDR="192.0.2.1")).status_code == 201
    assert api_file(Client(REMOTE_ADDR="192.0.2.2")).status_code == 201
    assert api_file(Client(REMOTE_ADDR="192.0.2.1")).status_code == 429


def test_switched_off_nothing_is_limited(client, settings):
    settings.RATELIMIT_ENABLE = False
    settings.EPPID_RATE_LIMITS = dict.fromkeys(settings.EPPID_RATE_LIMITS, "1/h")
    assert [api_file(client).status_code for _ in range(2)] == [201, 201]
    assert wizard_send(client).status_code == 302


# --- filing an objection -----------------------------------------------------------------------


def object_by_form(client, number, code):
    client.post("/en/keberatan/", {"registration_number": number, "tracking_code": code})
    client.post("/en/keberatan/alasan/", {"ground": "c"})
    client.post("/en/keberatan/pernyataan/", {"statement": "No answer came."})
    return client.post("/en/keberatan/periksa/")


def object_by_api(client, number, code):
    body = {"registration_number": number, "tracking_code": code, "reason": "c", "statement": "No answer."}
    return client.post("/api/v1/objections", body, content_type="application/json")


def test_an_objection_filed_through_the_form_counts_against_the_api(client, limits):
    limits(**{"objection-submit": "1/h"})
    first, first_code = filed_request()
    second, second_code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        assert object_by_form(client, first.registration_number, first_code).status_code == 302
        assert_problem_429(object_by_api(client, second.registration_number, second_code), most=3600)
    assert Objection.objects.count() == 1


def test_an_objection_tried_through_the_api_counts_against_both_forms(client, limits):
    limits(**{"objection-submit": "1/h"})
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        assert object_by_api(client, request.registration_number, code + "x").status_code == 404
        assert_page_429(object_by_form(client, request.registration_number, code), most=3600)
        assert_problem_429(client.post("/api/v1/objections/periodic", {"unit": "35.04"}), most=3600)
    assert not Objection.objects.exists()


# --- looking up a status -----------------------------------------------------------------------


def test_status_lookups_share_one_allowance_across_pages_and_api(client, limits):
    limits(**{"status-lookup": "3/m"})
    lookup = {"registration_number": "35.04-2026-00001", "tracking_code": "x"}
    assert client.post("/en/permohonan/status/", lookup).status_code == 404
    assert client.get("/api/v1/requests/35.04-2026-00001", HTTP_X_TRACKING_CODE="x").status_code == 404
    assert client.get("/api/v1/objections/KEB-35.04-2026-00001", HTTP_X_TRACKING_CODE="x").status_code == 404
    assert_page_429(client.post("/en/keberatan/status/", lookup), most=60)
    assert_page_429(client.post("/en/keberatan/", lookup), most=60)
    assert_problem_429(client.get("/api/v1/requests/35.04-2026-00001", HTTP_X_TRACKING_CODE="x"), most=60)


def test_a_status_lookup_does_not_use_up_the_filing_allowance(client, limits):
    limits(**{"status-lookup": "1/m", "request-submit": "1/h"})
    client.get("/api/v1/requests/35.04-2026-00001", HTTP_X_TRACKING_CODE="x")
    assert api_file(client).status_code == 201


# --- verifying a document ----------------------------------------------------------------------


def test_document_checks_share_one_allowance_across_page_and_api(client, limits):
    limits(**{"document-verify": "2/m"})
    assert client.post("/api/v1/verify", {}).status_code == 422
    assert client.get("/en/verifikasi/", {"code": "NOPE-NOPE-NO"}).status_code == 200
    assert_page_429(client.post("/en/verifikasi/", {}), most=60)
    assert_problem_429(client.post("/api/v1/verify", {}), most=60)
    assert client.get("/en/verifikasi/").status_code == 200  # the empty page is not a check


# --- staff registering a request at the desk ---------------------------------------------------


def _received():
    """A few days ago (a fixed day would fall before the first day allowed one year)."""
    return timezone.localtime(timezone.now() - timedelta(days=3))


def desk_body(**overrides) -> dict:
    return {
        **request_data(),
        "channel": "walk_in",
        "received_at": _received().isoformat(),
        "identity_document": pdf_upload(),
        **overrides,
    }


def console_body() -> dict:
    return {
        **request_data(),
        "channel": "post",
        "received_date": _received().date().isoformat(),
        "received_time": "09:00",
        "identity_document": pdf_upload(),
    }


CONSOLE_REGISTER = "/en/office/units/35.04/requests/new/"


def test_desk_registration_is_limited_per_staff_user_across_console_and_api(
    limits, make_staff, verified_client
):
    limits(**{"request-register": "1/h", "request-submit": "1/h"})
    officer = make_staff("desk", ("35.04", "officer"))
    colleague = make_staff("desk2", ("35.04", "officer"))
    token = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=officer, name='t')[1]}")
    other = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=colleague, name='t')[1]}")

    assert token.post("/api/v1/staff/requests", desk_body()).status_code == 201
    assert_problem_429(token.post("/api/v1/staff/requests", desk_body()), most=3600)
    assert_page_429(verified_client(officer).post(CONSOLE_REGISTER, console_body()), most=3600)
    # Another officer of the same office (same address) has an allowance of their own, and
    # desk registrations never use up a citizen's allowance at that address.
    assert other.post("/api/v1/staff/requests", desk_body()).status_code == 201
    assert api_file(Client()).status_code == 201
    assert InformationRequest.objects.count() == 3


# --- the general ceiling of the public API -----------------------------------------------------


def test_the_general_ceiling_still_covers_the_rest_of_the_public_api(client, limits):
    limits(**{"api-public": "2/m"})
    assert client.get("/api/v1/units?page_size=1").status_code == 200
    assert client.get("/api/v1/transparency/key").status_code == 200
    assert_problem_429(client.get("/api/v1/units/35.04"), most=60)
