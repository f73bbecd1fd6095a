"""GET /api/v1/statistics (contract: "Statistics and the satisfaction survey")."""

from __future__ import annotations

import pytest
from django.utils import timezone
from freezegun import freeze_time
from tests.statistics_support import TODAY, register, unit, urls_loaded  # noqa: F401 - fixtures

from eppid.reports.statistics import statistics_for_unit

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics"
REQUEST_KEYS = {
    "received",
    "granted",
    "partially_granted",
    "rejected",
    "not_held",
    "forwarded",
    "withdrawn",
    "open",
    "by_exemption",
    "working_days_to_decide",
}
OBJECTION_KEYS = {"received", "by_ground", "upheld", "dismissed", "settled", "open"}


@pytest.mark.usefixtures("register")
def test_the_document_of_the_contract(client):
    with freeze_time(TODAY):
        body = client.get(URL, {"unit": "35", "year": "2026", "scope": "tree"}).json()
        expected = statistics_for_unit(unit("35"), 2026, "tree")
        unit_only = client.get(URL, {"unit": "35.04", "year": "2026"}).json()
    assert {"unit", "year", "scope", "requests", "objections", "survey"} <= set(body)
    assert (body["unit"], body["year"], body["scope"]) == ("35", 2026, "tree")
    assert set(body["requests"]) >= REQUEST_KEYS and set(body["objections"]) >= OBJECTION_KEYS
    assert set(body["requests"]["working_days_to_decide"]) == {"mean", "median", "max"}
    assert set(body["survey"]) == {"responses", "elements", "ikm", "grade"}
    assert set(body["survey"]["elements"]) == {f"u{n}" for n in range(1, 10)}
    assert body == expected
    assert body["requests"]["received"] == 14 and body["requests"]["by_exemption"]["h"] == 1
    assert unit_only["scope"] == "unit" and unit_only["requests"]["received"] == 9
    # No personal data: nothing but counts and codes.
    assert "Siti" not in str(body) and "3504" not in str(body)


def test_a_unit_without_requests_has_zeros_and_no_survey_grade(client):
    body = client.get(URL, {"unit": "35.04"}).json()
    assert body["year"] == timezone.localdate().year and body["scope"] == "unit"
    assert body["requests"]["received"] == 0 and body["objections"]["received"] == 0
    assert body["requests"]["working_days_to_decide"] == {"mean": None, "median": None, "max": None}
    elements = {f"u{n}": None for n in range(1, 10)}
    assert body["survey"] == {"responses": 0, "elements": elements, "ikm": None, "grade": None}


@pytest.mark.parametrize("code", ["99.99", "abc", "35.04.01", "'; DROP TABLE x;--"])
def test_an_unknown_unit_is_404(client, code):
    response = client.get(URL, {"unit": code, "year": "2026"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Tidak ada unit dengan kode ini."


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"unit": "35.04", "year": "abc"}, {"year"}),
        ({"unit": "35.04", "year": "1999"}, {"year"}),
        ({"unit": "35.04", "year": "99999"}, {"year"}),
        ({"unit": "35.04", "scope": "province"}, {"scope"}),
        ({"unit": "35.04", "year": "0x7e8", "scope": "all"}, {"year", "scope"}),
        ({"year": "2026"}, {"unit"}),
        ({"unit": "35.04", "year": "2" * 50}, {"year"}),
    ],
)
def test_bad_input_is_422_per_parameter(client, query, fields):
    response = client.get(URL, query, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422 and set(body["errors"]) == fields


def test_a_future_year_is_422_in_the_callers_language(client):
    next_year = str(timezone.localdate().year + 1)
    english = client.get(URL, {"unit": "35.04", "year": next_year}, headers={"Accept-Language": "en"}).json()
    indonesian = client.get(URL, {"unit": "35.04", "year": next_year}).json()
    assert english["errors"]["year"][0].startswith("Choose a year from 2008 to")
    assert indonesian["errors"]["year"][0].startswith("Pilih tahun dari 2008 sampai")
