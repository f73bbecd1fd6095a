"""Public pages and API reads served from the cache (decision 1420): fresh after a change, one
copy per language, nothing of one visitor served to another, conditional GET on the public API."""

import re

import pytest
from django.urls import reverse
from tests.catalog_support import catalog_staff, published

from eppid.organisation.models import Unit, UnitProfile
from eppid.organisation.services import unit_profile_update

pytestmark = pytest.mark.django_db

UNIT_URL = "/units/35.04/"


def ppid(make_staff):
    return make_staff("admin.cache", ("35.04", "unit_admin"))


def test_a_page_is_rendered_once_then_served_without_queries(client, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.content == first.content


def test_a_change_to_the_unit_profile_shows_on_the_next_get(client, make_staff):
    assert "Jl. Cache Lama 1" not in client.get(UNIT_URL).content.decode()
    user = ppid(make_staff)
    unit = Unit.objects.get(code="35.04")
    unit_profile_update(unit=unit, actor=user, data={"address": "Jl. Cache Lama 1"})
    assert "Jl. Cache Lama 1" in client.get(UNIT_URL).content.decode()
    unit_profile_update(unit=unit, actor=user, data={"address": "Jl. Cache Baru 2"})
    page = client.get(UNIT_URL).content.decode()
    assert "Jl. Cache Baru 2" in page and "Jl. Cache Lama 1" not in page
    # The API answer of the same unit follows too.
    assert client.get("/api/v1/units/35.04").json()["profile"]["address"] == "Jl. Cache Baru 2"


def test_a_published_entry_shows_at_once_in_the_lists_and_on_the_home_page(client, make_staff):
    url = reverse("portal:unit-information", kwargs={"code": "35.04"})
    assert "Banjir di desa cache" not in client.get(url).content.decode()
    assert "Banjir di desa cache" not in client.get("/").content.decode()
    assert client.get("/api/v1/information").json()["count"] == 0
    officer, ppid_user = catalog_staff(make_staff)
    published(officer, ppid_user, title="Banjir di desa cache", category="immediate", type="public_threat")
    assert "Banjir di desa cache" in client.get(url).content.decode()
    assert "Banjir di desa cache" in client.get("/").content.decode()  # the serta merta banner
    assert client.get("/api/v1/information").json()["count"] == 1


def test_a_rename_of_a_unit_shows_in_the_unit_list_and_the_api(client):
    page = next(
        n for n in range(1, 13) if "Kabupaten Tulungagung" in client.get(f"/units/?page={n}").content.decode()
    )
    client.get("/api/v1/units/35.04")
    unit = Unit.objects.get(code="35.04")
    unit.name = "Bawaslu Kabupaten Tulungagung Cache"
    unit.save()
    assert "Bawaslu Kabupaten Tulungagung Cache" in client.get(f"/units/?page={page}").content.decode()
    assert client.get("/api/v1/units/35.04").json()["name"] == "Bawaslu Kabupaten Tulungagung Cache"


def test_each_language_has_its_own_copy(client):
    indonesian = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert '<html lang="id">' in indonesian and '<html lang="en">' in english
    assert client.get("/").content.decode() == indonesian
    assert '<html lang="en">' in client.get("/en/").content.decode()
    # The API by Accept-Language: a problem title, or any translated text, never crosses over.
    id_api = client.get("/api/v1/units/35.04", headers={"Accept-Language": "id"})
    en_api = client.get("/api/v1/units/35.04", headers={"Accept-Language": "en"})
    assert id_api.json()["profile"]["charter"][0]["label"] != en_api.json()["profile"]["charter"][0]["label"]
    assert client.get("/api/v1/units/35.04", headers={"Accept-Language": "en"}).content == en_api.content


def test_the_staff_header_is_never_served_to_a_visitor(client, verified_client, make_staff):
    staff = verified_client(ppid(make_staff))
    for url in ("/", UNIT_URL, "/units/"):
        assert "Sign out" in staff.get(f"/en{url}").content.decode()
    from django.test import Client

    visitor = Client()
    for url in ("/", UNIT_URL, "/units/"):
        page = visitor.get(f"/en{url}").content.decode()
        assert "Sign out" not in page and "Staff sign-in" in page
    # And the other way round: a visitor's cached copy is not what the staff member sees.
    assert "Sign out" in staff.get("/en/").content.decode()


def _csrf_field(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_each_visitor_gets_a_csrf_token_of_their_own_and_can_subscribe(client):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    one = first.get(UNIT_URL)
    two = second.get(UNIT_URL)
    secret_one = one.cookies["csrftoken"].value
    secret_two = two.cookies["csrftoken"].value
    assert secret_one != secret_two
    assert _unmask_cipher_token(_csrf_field(one.content.decode())) == secret_one
    assert _unmask_cipher_token(_csrf_field(two.content.decode())) == secret_two
    # The cached copy works for a post: the token in the form is this visitor's.
    answer = second.post(
        reverse("portal:unit-subscribe", kwargs={"code": "35.04"}),
        {"email": "warga@example.org", "csrfmiddlewaretoken": _csrf_field(two.content.decode())},
    )
    assert answer.status_code in (200, 302)


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, settings):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    client.get("/")
    storage = CookieStorage(HttpRequest())
    storage.add(constants.INFO, "Pesan khusus untuk Anda")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "Pesan khusus untuk Anda" in client.get("/").content.decode()
    from django.test import Client

    assert "Pesan khusus untuk Anda" not in Client().get("/").content.decode()


def test_no_answer_with_a_cookie_of_its_own_is_stored(client):
    """The unit page sets this visitor's CSRF cookie; the stored copy carries no cookie."""
    from django.test import Client

    first = Client().get(UNIT_URL)
    assert "csrftoken" in first.cookies
    again = Client()
    again.cookies["csrftoken"] = "a" * 32
    second = again.get(UNIT_URL)
    assert (
        second.cookies.get("csrftoken") is None
        or second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    )


# --- Conditional GET on the public API ------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/units", "/api/v1/units/35.04", "/api/v1/information"])
def test_the_public_api_answers_304_to_a_matching_etag(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and "Accept-Language" in first["Vary"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_changes_with_the_data(client, make_staff):
    before = client.get("/api/v1/units/35.04")["ETag"]
    unit_profile_update(unit=Unit.objects.get(code="35.04"), actor=ppid(make_staff), data={"phone": "0355 1"})
    after = client.get("/api/v1/units/35.04", headers={"If-None-Match": before})
    assert after.status_code == 200 and after["ETag"] != before
    assert after.json()["profile"]["phone"] == "0355 1"


def test_the_checkpoint_and_filtered_lists_carry_an_etag(client):
    from eppid.integrity.checkpoints import checkpoint_publish

    checkpoint_publish()
    first = client.get("/api/v1/transparency/checkpoint")
    assert first.status_code == 200
    assert (
        client.get("/api/v1/transparency/checkpoint", headers={"If-None-Match": first["ETag"]}).status_code
        == 304
    )
    UnitProfile.objects.get_or_create(unit=Unit.objects.get(code="35"))  # a log entry: the tree grows
    checkpoint_publish()
    newer = client.get("/api/v1/transparency/checkpoint", headers={"If-None-Match": first["ETag"]})
    assert newer.status_code == 200 and newer.content != first.content
    # A search is not stored, but it still answers a matching ETag with 304.
    searched = client.get("/api/v1/units", {"q": "tulungagung"})
    assert searched.json()["count"] >= 1
    assert (
        client.get(
            "/api/v1/units", {"q": "tulungagung"}, headers={"If-None-Match": searched["ETag"]}
        ).status_code
        == 304
    )
    assert "Last-Modified" not in searched


def test_a_cached_api_answer_still_counts_against_the_rate_limit(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "api-public": "2/m"}
    assert client.get("/api/v1/units").status_code == 200
    assert client.get("/api/v1/units").status_code == 200  # from the cache
    assert client.get("/api/v1/units").status_code == 429
