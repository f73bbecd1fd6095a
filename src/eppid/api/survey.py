"""The satisfaction survey, public side (contract: "Statistics and the satisfaction survey").

``POST /survey`` with the registration number and tracking code of a decided request: 201 once;
a second answer or one before the decision 409; a wrong number or code 404 (alike); a score
outside 1-4, a missing or unknown element, or a comment outside the free-text rule 422. Every
attempt counts against the ``survey-answer`` allowance of the address (shared with the page).
"""

from datetime import datetime
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view

from eppid.api.ratelimit import rate_limited
from eppid.api.types import Line, Text
from eppid.disclosure.selectors import request_find_public
from eppid.reports.survey import survey_answer_record
from eppid.reports.survey_rules import ELEMENT_CODES

router = Router(tags=["survey"])
router.add_decorator(rate_limited("api-public"), mode="view")


class SurveyIn(Schema):
    registration_number: Line = Field("", max_length=40)
    tracking_code: Line = Field("", max_length=200)
    scores: Any = Field(
        None,
        description="One score from 1 (not good) to 4 (very good) for each element u1..u9 "
        "(PermenPANRB 14/2017: requirements; procedure; completion time; cost; product; staff "
        "competence; staff behaviour; facilities; handling of complaints).",
        examples=[dict.fromkeys(ELEMENT_CODES, 4)],
    )
    comment: Text = Field("", max_length=2000)


class SurveyOut(Schema):
    registration_number: str
    unit: str
    scores: dict[str, int]
    comment: str
    channel: str
    answered_at: datetime


@router.post(
    "/survey",
    response={201: SurveyOut},
    summary="Answer the satisfaction survey of a decided request (once)",
    description="Counts against the per-address allowance of survey answers shared with the "
    "survey page (every attempt); over it: 429 with Retry-After.",
)
@decorate_view(rate_limited("survey-answer"))
def survey_create(request, payload: SurveyIn):
    found = request_find_public(payload.registration_number, payload.tracking_code)
    if found is None:
        raise Http404
    answer = survey_answer_record(request=found, scores=payload.scores, comment=payload.comment)
    return Status(
        201,
        {
            "registration_number": found.registration_number,
            "unit": found.unit.code,
            "scores": {code: getattr(answer, code) for code in ELEMENT_CODES},
            "comment": answer.comment,
            "channel": answer.channel,
            "answered_at": answer.answered_at,
        },
    )
