import re

import pytest

from eppid.organisation.models import Unit, UnitProfile

pytestmark = pytest.mark.django_db


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def test_list_is_paginated_and_shaped_as_the_contract(client):
    response = client.get("/api/v1/units")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 553
    assert len(body["results"]) == 100
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/units?page=2"
    assert body["results"][0] == {
        "code": "00",
        "name": "Bawaslu Republik Indonesia",
        "level": "national",
        "parent": None,
    }


def test_all_553_units_fit_in_one_page_of_1000(client):
    body = client.get("/api/v1/units?page_size=1000").json()
    assert body["count"] == 553
    assert len(body["results"]) == 553
    assert body["next"] is None
    assert {
        "code": "35.04",
        "name": "Bawaslu Kabupaten Tulungagung",
        "level": "regency",
        "parent": "35",
    } in body["results"]


def test_pages_link_forward_and_back_keeping_filters(client):
    body = client.get("/api/v1/units?level=regency&page_size=200&page=2").json()
    assert body["count"] == 514
    assert len(body["results"]) == 200
    assert body["previous"] == "http://testserver/api/v1/units?level=regency&page_size=200&page=1"
    assert body["next"] == "http://testserver/api/v1/units?level=regency&page_size=200&page=3"
    last = client.get(body["next"]).json()
    assert len(last["results"]) == 114
    assert last["next"] is None


def test_page_past_the_end_is_empty(client):
    body = client.get("/api/v1/units?page=99").json()
    assert body["count"] == 553
    assert body["results"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=1001", "page_size"),
        ("page_size=0", "page_size"),
        ("level=village", "level"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_bad_query_values_are_422_problems(client, query, field):
    body = problem(client.get(f"/api/v1/units?{query}"), 422)
    assert field in body["errors"]
    assert all(isinstance(message, str) and message for message in body["errors"][field])


def test_422_messages_follow_accept_language(client):
    english = client.get("/api/v1/units?page=abc", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["errors"]["page"] == ["Enter a whole number."]
    assert english["title"] == "Invalid input"


@pytest.mark.parametrize(
    ("query", "expected_codes"),
    [
        ("level=national", {"00"}),
        ("q=TULUNGAGUNG", {"35.04"}),
        ("q=35.04", {"35.04"}),
        ("q=jawa timur&level=province", {"35"}),
    ],
)
def test_filters(client, query, expected_codes):
    body = client.get(f"/api/v1/units?{query}").json()
    assert {unit["code"] for unit in body["results"]} == expected_codes


def test_parent_filter_lists_direct_children(client):
    provinces = client.get("/api/v1/units?parent=00").json()
    assert provinces["count"] == 38
    assert {unit["level"] for unit in provinces["results"]} == {"province"}
    east_java = client.get("/api/v1/units?parent=35").json()
    assert east_java["count"] > 0
    assert all(unit["code"].startswith("35.") and unit["parent"] == "35" for unit in east_java["results"])


def test_unknown_parent_gives_an_empty_list(client):
    assert client.get("/api/v1/units?parent=99").json()["count"] == 0


def test_detail_has_region_and_profile_with_statutory_defaults(client):
    body = client.get("/api/v1/units/35.04", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["code"] == "35.04"
    assert body["parent"] == "35"
    assert body["region_name"] == "Kabupaten Tulungagung"
    charter = {item["field"]: item for item in body["profile"]["charter"]}
    assert charter["charter_cost"]["is_default"] is True
    assert "free of charge" in charter["charter_cost"]["text"]
    assert body["profile"]["complete"] is False


def test_detail_shows_the_units_own_text(client):
    UnitProfile.objects.create(
        unit=Unit.objects.get(code="35.04"), phone="0355 123456", charter_cost="Gratis."
    )
    body = client.get("/api/v1/units/35.04").json()
    assert body["profile"]["phone"] == "0355 123456"
    cost = next(item for item in body["profile"]["charter"] if item["field"] == "charter_cost")
    assert cost["text"] == "Gratis."
    assert cost["is_default"] is False


def test_national_detail_lists_provinces(client):
    body = client.get("/api/v1/units/00").json()
    assert body["parent"] is None
    assert len(body["children"]) == 38


def test_unknown_unit_is_a_404_problem(client):
    problem(client.get("/api/v1/units/99.99"), 404)


def test_unknown_api_path_is_a_404_problem(client):
    problem(client.get("/api/v1/no-such-thing"), 404)


def test_openapi_lists_the_unit_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/units" in schema["paths"]
    assert "/api/v1/units/{code}" in schema["paths"]


def test_docs_page_loads_nothing_from_another_host_and_has_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), src
    # The only inline <script> is a JSON data block, which CSP does not execute.
    for attributes, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert '"validatorUrl": null' in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_rate_limit_answers_429_problem_with_retry_after(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "api-public": "3/m"}
    for _ in range(3):
        assert client.get("/api/v1/units?page_size=1").status_code == 200
    response = client.get("/api/v1/units/35.04")
    body = problem(response, 429)
    # The seconds left in the counting window (django-ratelimit's windows are fixed, per client).
    assert 1 <= int(response["Retry-After"]) <= 60
    assert body["title"]


def test_rate_limit_can_be_switched_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "api-public": "1/m"}
    for _ in range(3):
        assert client.get("/api/v1/units?page_size=1").status_code == 200
