"""No input gives a 500 on the survey (API and page), and a stored comment is clean text."""

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzz_support import SETTINGS, json_junk, junk
from tests.survey_support import ANSWER_DAY, decided, scores
from tests.text_strategies import hostile_form_text, hostile_text

from eppid.core.text import text_clean
from eppid.reports.models import SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def case(make_staff):
    return decided(make_staff("petugas", ("35.04", "officer")))


@SETTINGS
@given(
    comment=st.one_of(hostile_text, junk),
    score=json_junk,
    element=st.sampled_from([f"u{n}" for n in range(1, 10)] + ["u0", "x"]),
)
def test_the_api_never_answers_500_and_stores_clean_text(client, case, comment, score, element):
    request, code = case
    body = {
        "registration_number": request.registration_number,
        "tracking_code": code,
        "scores": scores(4, **{element: score}),
        "comment": comment,
    }
    with freeze_time(ANSWER_DAY):
        response = client.post("/api/v1/survey", body, content_type="application/json")
    assert response.status_code in (201, 409, 422), response.content[:300]
    for answer in SurveyResponse.objects.all():
        assert answer.comment == text_clean(answer.comment, multiline=True)
    SurveyResponse.objects.all().delete()


@SETTINGS
@given(comment=st.one_of(hostile_form_text, junk), score=junk, number=junk)
def test_the_page_never_answers_500(client, case, comment, score, number):
    request, code = case
    data = {key: str(value) for key, value in scores(3).items()}
    data.update({"registration_number": request.registration_number, "tracking_code": code})
    data.update({"comment": comment, "u5": score})
    with freeze_time(ANSWER_DAY):
        response = client.post("/en/survei/", data)
        other = client.post("/en/survei/", {**data, "registration_number": number})
    assert response.status_code in (302, 409, 422, 400) and other.status_code in (302, 404, 409, 422, 400)
    SurveyResponse.objects.all().delete()
