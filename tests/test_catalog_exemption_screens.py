"""The consequence test on its screens: the console form, the public exempt list and entry page,
and the contract's endpoints (POST /staff/exemptions; exempt items of GET /information)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from tests.auth_support import bearer_headers
from tests.catalog_support import catalog_staff, exempt, exemption_data, published, snapshot, verify

from eppid.catalog.models import ConsequenceTest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def form_data(**overrides) -> dict:
    data = exemption_data()
    data = {
        "document": data["document"],
        "withheld": data["information"],
        "occasion": "before_request",
        "grounds": ["bawaslu_b", "h"],
        "legal_basis": data["legal_basis"],
        "consequence": data["consequence"],
        "public_interest": data["public_interest"],
        "until": data["until"],
        "participants": "\n".join(data["participants"]),
    }
    data.update(overrides)
    return data


def test_the_ppid_records_a_test_in_the_console(staff, verified_client):
    _officer, ppid = staff
    client = verified_client(ppid)
    url = reverse("office:catalog-exemption-new", kwargs={"code": "35.04"})
    page = client.get(url)
    assert page.status_code == 200
    assert b"Perbawaslu" in page.content  # the grounds come from the law's data
    response = client.post(url, form_data())
    test = ConsequenceTest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "office:catalog-entry", kwargs={"code": "35.04", "pk": test.entry_id}
    )
    assert test.ground_codes == ["bawaslu_b", "h"]
    entry_page = client.get(response["Location"])
    assert test.public_interest.encode() in entry_page.content
    listing = client.get(reverse("office:catalog-exemptions", kwargs={"code": "35.04"}))
    assert test.document.encode() in listing.content
    assert verify()[0] == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"until": "2000-01-01"},
        {"grounds": []},
        {"grounds": ["zz"]},
        {"withheld": ""},
        {"participants": "  "},
        {"consequence": "a\u202eb"},
    ],
)
def test_bad_input_in_the_console_changes_nothing(staff, verified_client, overrides):
    _officer, ppid = staff
    client = verified_client(ppid)
    before = snapshot()
    with translation.override("en"):
        response = client.post(
            reverse("office:catalog-exemption-new", kwargs={"code": "35.04"}), form_data(**overrides)
        )
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert snapshot() == before and not ConsequenceTest.objects.exists()


def test_an_officer_sees_the_tests_but_cannot_hold_one(staff, verified_client):
    officer, ppid = staff
    exempt(ppid)
    client = verified_client(officer)
    listing = client.get(reverse("office:catalog-exemptions", kwargs={"code": "35.04"}))
    assert listing.status_code == 200
    assert reverse("office:catalog-exemption-new", kwargs={"code": "35.04"}).encode() not in listing.content
    assert client.get(reverse("office:catalog-exemption-new", kwargs={"code": "35.04"})).status_code == 403


def test_an_exempt_entry_cannot_be_reopened_by_a_new_version(staff, verified_client):
    from eppid.catalog.services import CatalogError, entry_version_start

    officer, ppid = staff
    test = exempt(ppid)
    with pytest.raises(CatalogError):
        entry_version_start(entry=test.entry, actor=ppid)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_public_exempt_list_shows_basis_consequence_and_period(staff, client, prefix):
    officer, ppid = staff
    test = exempt(ppid)
    published(officer, ppid)  # an ordinary entry is not in the exempt list
    page = client.get(prefix + reverse("portal:unit-exemptions", kwargs={"code": "35.04"}))
    assert page.status_code == 200
    body = page.content.decode()
    assert test.consequence in body and test.legal_basis in body and test.document in body
    assert "Perbawaslu 1/2022 Pasal 18" in body
    with translation.override("id" if not prefix else "en"):
        assert timezone.localdate().strftime("%Y") in body
    assert "Laporan keuangan semester I" not in body
    entry_page = client.get(reverse("portal:information-entry", kwargs={"pk": test.entry_id}))
    assert test.consequence in entry_page.content.decode()
    unit_page = client.get(reverse("portal:unit", kwargs={"code": "35.04"}))
    assert reverse("portal:unit-exemptions", kwargs={"code": "35.04"}) in unit_page.content.decode()


def test_an_unknown_unit_has_no_exempt_list(client):
    assert client.get(reverse("portal:unit-exemptions", kwargs={"code": "99.99"})).status_code == 404


def test_the_api_records_a_test_and_lists_it_as_exempt(staff, client):
    _officer, ppid = staff
    body = {"unit": "35.04", **exemption_data()}
    response = client.post(
        "/api/v1/staff/exemptions", json.dumps(body), content_type="application/json", **bearer_headers(ppid)
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert set(created) == {"id", "test_url"}
    items = client.get("/api/v1/information?category=exempt").json()["results"]
    assert [item["id"] for item in items] == [created["id"]]
    item = items[0]
    assert item["category"] == "exempt" and item["documents"] == []
    assert item["exemption_basis"] == "bawaslu_b"
    assert item["legal_basis"] == body["legal_basis"] and item["consequence"] == body["consequence"]
    assert item["until"] == body["until"]
    assert item["test_url"] == created["test_url"]
    plain = client.get("/api/v1/information?category=on_demand").json()["results"]
    assert plain == []


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"until": (timezone.localdate() - timedelta(days=1)).isoformat()}, "until"),
        ({"exemption_basis": "k"}, "exemption_basis"),
        ({"information": ""}, "information"),
        ({"participants": []}, "participants"),
        ({"unit": "99.99"}, "unit"),
    ],
)
def test_bad_input_in_the_api_is_422_and_changes_nothing(staff, client, overrides, field):
    _officer, ppid = staff
    before = snapshot()
    body = {"unit": "35.04", **exemption_data(), **overrides}
    response = client.post(
        "/api/v1/staff/exemptions", json.dumps(body), content_type="application/json", **bearer_headers(ppid)
    )
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["errors"])
    assert snapshot() == before


def test_the_api_refuses_an_officer_and_hides_a_foreign_unit(staff, client, make_staff):
    officer, _ppid = staff
    other = make_staff("ppid-jabar", ("32.01", "ppid"))
    body = json.dumps({"unit": "35.04", **exemption_data()})
    as_officer = client.post(
        "/api/v1/staff/exemptions", body, content_type="application/json", **bearer_headers(officer)
    )
    as_foreigner = client.post(
        "/api/v1/staff/exemptions", body, content_type="application/json", **bearer_headers(other)
    )
    assert (as_officer.status_code, as_foreigner.status_code) == (403, 404)
    assert not ConsequenceTest.objects.exists()


def test_the_test_url_serves_the_signed_sheet(staff, client, settings, tmp_path):
    from tests.signing_support import pki_setup

    pki_setup(settings, tmp_path)
    _officer, ppid = staff
    body = json.dumps({"unit": "35.04", **exemption_data()})
    created = client.post(
        "/api/v1/staff/exemptions", body, content_type="application/json", **bearer_headers(ppid)
    ).json()
    assert created["test_url"]
    sheet = client.get(created["test_url"])
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
    page = client.get(reverse("portal:unit-exemptions", kwargs={"code": "35.04"})).content.decode()
    assert created["test_url"].split("testserver", 1)[1] in page


def test_the_schema_describes_the_endpoint_with_the_grounds_in_force(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/staff/exemptions"]["post"]
    assert "[[law:" not in json.dumps(schema) and "bawaslu_b" in json.dumps(operation) + json.dumps(
        schema["components"]
    )
