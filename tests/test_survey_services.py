"""The survey services and the summary selector, through their public functions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time
from tests.objection_support import at
from tests.survey_support import ANSWER_DAY, decided, scores, undecided

from eppid.disclosure.services import LifecycleError
from eppid.reports.models import SurveyChannel, SurveyResponse
from eppid.reports.survey import SurveyState, survey_answer_record, survey_state, survey_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


def test_an_answer_after_the_decision_is_recorded_once(officer):
    request, _code = decided(officer)
    assert survey_state(request) == SurveyState.OPEN
    with freeze_time(ANSWER_DAY):
        answer = survey_answer_record(request=request, scores=scores(3), comment="  Cepat.  ")
    assert (answer.channel, answer.entered_by, answer.comment, answer.u5) == ("online", None, "Cepat.", 3)
    assert answer.unit.code == "35.04" and survey_state(request) == SurveyState.ANSWERED
    with freeze_time(ANSWER_DAY), pytest.raises(LifecycleError):
        survey_answer_record(request=request, scores=scores(4))
    assert SurveyResponse.objects.count() == 1


def test_before_the_decision_the_survey_is_closed():
    request, _code = undecided()
    assert survey_state(request) == SurveyState.NOT_DECIDED
    with pytest.raises(LifecycleError):
        survey_answer_record(request=request, scores=scores(4))
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("bad", "key"),
    [
        (scores(4, u3=5), "scores.u3"),
        (scores(4, u3=0), "scores.u3"),
        (scores(4, u9=True), "scores.u9"),
        (scores(4, u2=2.5), "scores.u2"),
        (scores(4, u2="x"), "scores.u2"),
        (dict.fromkeys(("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"), 4), "scores.u9"),
        (scores(4, u10=4), "scores"),
        ([4] * 9, "scores"),
        (None, "scores"),
    ],
)
def test_scores_outside_the_rules_change_nothing(officer, bad, key):
    request, _code = decided(officer)
    with freeze_time(ANSWER_DAY), pytest.raises(ValidationError) as error:
        survey_answer_record(request=request, scores=bad)
    assert key in error.value.message_dict
    assert not SurveyResponse.objects.exists()


def test_a_comment_follows_the_free_text_rule(officer):
    request, _code = decided(officer)
    with freeze_time(ANSWER_DAY), pytest.raises(ValidationError) as error:
        survey_answer_record(request=request, scores=scores(4), comment="a\u202eb")
    assert "comment" in error.value.message_dict
    with freeze_time(ANSWER_DAY), pytest.raises(ValidationError):
        survey_answer_record(request=request, scores=scores(4), comment="x" * 2001)
    assert not SurveyResponse.objects.exists()


def test_staff_enter_a_paper_answer_marked_as_such(officer):
    request, _code = decided(officer)
    with freeze_time(ANSWER_DAY):
        answer = survey_answer_record(
            request=request,
            scores=scores(2),
            channel=SurveyChannel.PAPER,
            actor=officer,
            answered_at=at(2026, 3, 11, 14, 0),
        )
    expected = ("paper", officer, at(2026, 3, 11, 14, 0))
    assert (answer.channel, answer.entered_by, answer.answered_at) == expected


def test_a_paper_answer_cannot_predate_the_decision_or_be_in_the_future(officer):
    request, _code = decided(officer)
    for when in (at(2026, 3, 9, 9, 0), at(2026, 3, 13, 9, 0)):
        with freeze_time(ANSWER_DAY), pytest.raises(ValidationError) as error:
            survey_answer_record(
                request=request, scores=scores(2), channel="paper", actor=officer, answered_at=when
            )
        assert "answered_at" in error.value.message_dict
    assert not SurveyResponse.objects.exists()


def test_summary_per_unit_and_year(officer, make_staff):
    first, _ = decided(officer)
    second, _ = decided(officer)
    third, _ = decided(officer)
    with freeze_time(ANSWER_DAY):
        survey_answer_record(request=first, scores=scores(4), comment="Bagus")
        survey_answer_record(request=second, scores=scores(3, u4=1))
        survey_answer_record(request=third, scores=scores(3), channel=SurveyChannel.PAPER, actor=officer)
    summary = survey_summary(["35.04"], 2026)
    assert (summary["responses"], summary["online"], summary["paper"]) == (3, 2, 1)
    assert summary["elements"]["u1"] == Decimal("3.33") and summary["elements"]["u4"] == Decimal("2.67")
    # (36 + 25 + 27) / 27 x 25 = 81.48
    assert summary["ikm"] == Decimal("81.48") and summary["grade"] == "B"
    assert summary["population"] == 3 and summary["sample_size_required"] == 3 and summary["sample_reached"]
    assert [comment["text"] for comment in summary["comments"]] == ["Bagus"]
    assert survey_summary(["35.04"], 2026, comments=False)["comments"] == []
    empty = survey_summary(["35.04"], 2025)
    assert (empty["responses"], empty["ikm"], empty["grade"], empty["population"]) == (0, None, None, 0)
    assert survey_summary(["35"], 2026)["responses"] == 0
    assert survey_summary(["35", "35.04"], 2026)["responses"] == 3


def test_the_year_is_the_year_in_jakarta(officer):
    request, _ = decided(officer)
    with freeze_time(at(2027, 1, 1, 0, 30)):  # 31 December 2026 17:30 UTC
        survey_answer_record(request=request, scores=scores(4))
    assert survey_summary(["35.04"], 2027)["responses"] == 1
    assert survey_summary(["35.04"], 2026)["responses"] == 0


def test_the_statistics_block_has_the_contract_shape(officer):
    from eppid.reports.statistics import statistics_survey

    assert statistics_survey(["35.04"], 2026) == {
        "responses": 0,
        "elements": {f"u{n}": None for n in range(1, 10)},
        "ikm": None,
        "grade": None,
    }
    request, _ = decided(officer)
    with freeze_time(ANSWER_DAY):
        survey_answer_record(request=request, scores=scores(3, u1=4))
    block = statistics_survey(["35.04"], 2026)
    assert block["elements"]["u1"] == 4.0 and block["elements"]["u2"] == 3.0
    # (4 + 8 x 3) / 9 x 25 = 77.78
    assert (block["ikm"], block["grade"], block["responses"]) == (77.78, "B", 1)
    assert "comments" not in block
