"""Odd but possible client input to the API, and the headers that keep staff data out of caches."""

import pytest
from django.test import RequestFactory

from eppid.clientip import client_ip

pytestmark = pytest.mark.django_db


def test_empty_filters_mean_no_filter_as_the_contract_spells_them(client):
    response = client.get("/api/v1/units?level=&parent=&q=&page_size=1000")
    assert response.status_code == 200
    assert response.json()["count"] == 553


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "35\x1b"])
def test_control_characters_are_a_422_not_a_database_error(client, text):
    response = client.get("/api/v1/units", {"q": text}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["q"] == ["Remove the control characters from this text."]
    indonesian = client.get("/api/v1/units", {"parent": text}).json()
    assert indonesian["errors"]["parent"] == ["Hapus karakter kontrol dari teks ini."]


@pytest.mark.parametrize("page", [str(2**63), str(10**20), "1000001"])
def test_absurd_page_numbers_are_refused(client, page):
    response = client.get("/api/v1/units", {"page": page})
    assert response.status_code == 422
    assert "page" in response.json()["errors"]


def test_a_page_past_the_end_is_empty(client):
    body = client.get("/api/v1/units", {"page": "1000000", "page_size": "1000"}).json()
    assert body["count"] == 553
    assert body["results"] == []
    assert body["next"] is None


def test_wrong_method_and_unknown_path_answer_with_problems(client):
    wrong_method = client.post("/api/v1/units", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong_method.status_code == 405
    assert wrong_method["Content-Type"] == "application/problem+json"
    assert wrong_method.json()["title"] == "Method not allowed"
    assert "GET" in wrong_method["Allow"]
    unknown = client.get("/api/v1/nothing-here")
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"


def test_staff_pages_and_staff_api_are_never_cached(client, make_staff, verified_client):
    from eppid.accounts.services import api_token_create

    user = make_staff("cache-officer", ("35.04", "officer"))
    _token, secret = api_token_create(user=user, name="cache")
    api = client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 200
    assert "no-store" in api["Cache-Control"]
    assert "Authorization" in api["Vary"]
    signed_in = verified_client(user)
    for path in ("/office/", "/en/office/units/35.04/", "/accounts/security/", "/office/calendar/"):
        response = signed_in.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path


def test_public_pages_stay_cacheable(client):
    response = client.get("/units/35.04/")
    assert "no-store" not in response.get("Cache-Control", "")


def forwarded(remote, chain):
    return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=chain)


def test_client_address_without_a_proxy_ignores_forwarded_headers(settings):
    settings.EPPID_PROXY_COUNT = 0
    assert client_ip(forwarded("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


def test_client_address_behind_one_proxy_is_what_the_proxy_saw(settings):
    settings.EPPID_PROXY_COUNT = 1
    # The client wrote "1.2.3.4" itself; nginx appended the address it really saw.
    assert client_ip(forwarded("127.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(forwarded("127.0.0.1", "")) == "127.0.0.1"
    assert client_ip(forwarded("127.0.0.1", "not-an-address")) == "127.0.0.1"


def test_login_rate_limit_counts_each_client_behind_the_proxy(client, settings):
    settings.EPPID_PROXY_COUNT = 1
    settings.EPPID_LOGIN_RATE = "2/m"
    statuses = []
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        response = client.post(
            "/accounts/login/",
            {"username": "nobody", "password": "wrong password here"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200]
    for _ in range(2):
        response = client.post(
            "/accounts/login/",
            {"username": "nobody", "password": "wrong password here"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.1",
        )
    assert response.status_code == 429
