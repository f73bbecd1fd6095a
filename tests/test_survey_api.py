"""POST /api/v1/survey as the contract says ("Statistics and the satisfaction survey")."""

import pytest
from freezegun import freeze_time
from tests.survey_support import ANSWER_DAY, decided, scores, undecided

from eppid.reports.models import SurveyResponse

pytestmark = pytest.mark.django_db
URL = "/api/v1/survey"


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


def post(client, request, code, body_scores=None, comment="", **headers):
    body = {
        "registration_number": request.registration_number,
        "tracking_code": code,
        "scores": scores(4) if body_scores is None else body_scores,
        "comment": comment,
    }
    with freeze_time(ANSWER_DAY):
        return client.post(URL, body, content_type="application/json", **headers)


def assert_problem(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and "detail" in body
    return body


def test_an_answer_is_201_once_then_409(client, officer):
    request, code = decided(officer)
    response = post(client, request, code, scores(3, u7=4), comment="Pelayanan ramah.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["registration_number"] == request.registration_number and body["unit"] == "35.04"
    assert body["scores"]["u7"] == 4 and body["scores"]["u1"] == 3 and body["channel"] == "online"
    again = post(client, request, code, scores(1))
    assert_problem(again, 409)
    assert SurveyResponse.objects.get().u1 == 3


def test_before_the_decision_409_and_nothing_stored(client):
    request, code = undecided()
    assert_problem(post(client, request, code), 409)
    assert not SurveyResponse.objects.exists()


def test_a_wrong_code_or_number_is_404(client, officer):
    request, _code = decided(officer)
    assert_problem(post(client, request, "WRONG-CODE"), 404)
    body = {"registration_number": "35.04-2026-99999", "tracking_code": "x", "scores": scores(4)}
    with freeze_time(ANSWER_DAY):
        assert_problem(client.post(URL, body, content_type="application/json"), 404)
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("bad", "key"),
    [
        (scores(4, u1=5), "scores.u1"),
        (scores(4, u1=0), "scores.u1"),
        (scores(4, u6=-1), "scores.u6"),
        (scores(4, u6="4x"), "scores.u6"),
        (scores(4, u2=None), "scores.u2"),
        ({f"u{n}": 4 for n in range(1, 9)}, "scores.u9"),
        ({}, "scores.u1"),
        ("4444", "scores"),
    ],
)
def test_a_score_outside_1_to_4_or_a_missing_element_is_422(client, officer, bad, key):
    request, code = decided(officer)
    body = assert_problem(post(client, request, code, bad, HTTP_ACCEPT_LANGUAGE="en"), 422)
    assert key in body["errors"], body
    assert not SurveyResponse.objects.exists()


def test_messages_follow_accept_language(client, officer):
    request, code = decided(officer)
    english = post(client, request, code, scores(4, u3=9), HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = post(client, request, code, scores(4, u3=9), HTTP_ACCEPT_LANGUAGE="id").json()
    assert "whole number from 1 to 4" in english["errors"]["scores.u3"][0]
    assert indonesian["errors"]["scores.u3"][0] != english["errors"]["scores.u3"][0]


def test_a_comment_with_a_bidi_override_is_422(client, officer):
    request, code = decided(officer)
    body = assert_problem(post(client, request, code, comment="ok\u202eko"), 422)
    assert "comment" in body["errors"]
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"scores": 1}'])
def test_a_malformed_body_is_a_problem_never_a_500(client, raw):
    with freeze_time(ANSWER_DAY):
        response = client.post(URL, raw, content_type="application/json")
    assert response.status_code in (400, 404, 422) and response["Content-Type"] == "application/problem+json"


def test_answers_are_rate_limited_per_address(client, officer, settings):
    settings.RATELIMIT_ENABLE = True
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "survey-answer": "2/h"}
    request, _code = decided(officer)
    for _ in range(2):
        assert post(client, request, "wrong").status_code == 404
    limited = post(client, request, "wrong")
    assert_problem(limited, 429)
    assert int(limited["Retry-After"]) >= 1


def test_the_schema_lists_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/survey"]
