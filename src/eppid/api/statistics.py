"""Public statistics (contract section 4, "Statistics and the satisfaction survey").

``GET /api/v1/statistics?unit=&year=&scope=unit|tree``: the document of
``eppid.reports.statistics.statistics_for_unit``. An unknown unit is 404; a bad year or scope is
422 with ``errors`` keyed by the parameter. No personal data: counts only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from eppid.api.problems import problem
from eppid.api.ratelimit import rate_limited
from eppid.api.types import Line, OptionalFilter
from eppid.core.public_cache import conditional_get
from eppid.organisation.selectors import unit_get
from eppid.reports.statistics import statistics_for_unit, statistics_scope_clean, statistics_year_clean

router = Router(tags=["statistics"])
router.add_decorator(rate_limited("api-public"), mode="view")


class StatisticsFilters(Schema):
    unit: Line = Field(max_length=20, description="The unit code, e.g. 35.04 (00: Bawaslu RI).")
    year: OptionalFilter = Field(
        None, max_length=10, description="Calendar year (Asia/Jakarta); this year when absent."
    )
    scope: OptionalFilter = Field(
        None, max_length=10, description="`unit` (default): the unit alone; `tree`: with every unit below it."
    )


class WorkingDaysOut(Schema):
    mean: float | None
    median: float | None
    max: int | None


class RequestsOut(Schema):
    received: int
    granted: int
    partially_granted: int
    rejected: int
    not_held: int
    forwarded: int
    withdrawn: int
    open: int
    overdue: int = Field(description="Open and past the due date today (an extension of the contract).")
    by_exemption: dict[str, int] = Field(
        description="Rejections and partial grants by the exemption ground they name (law data)."
    )
    working_days_to_decide: WorkingDaysOut


class ObjectionsOut(Schema):
    received: int
    by_ground: dict[str, int]
    upheld: int
    dismissed: int
    settled: int
    open: int
    overdue: int


class DisputesOut(Schema):
    received: int = Field(description="Disputes filed with the Information Commission in the year.")
    by_stage: dict[str, int]
    by_result: dict[str, int] = Field(description="By the latest result (`agreed`: at mediation).")


class SurveyOut(Schema):
    responses: int
    elements: dict[str, float | None]
    ikm: float | None
    grade: str | None


class StatisticsOut(Schema):
    unit: str = Field(examples=["35.04"])
    unit_name: str
    year: int
    scope: str
    units: int = Field(description="How many units the numbers cover.")
    requests: RequestsOut
    objections: ObjectionsOut
    disputes: DisputesOut
    survey: SurveyOut


@router.get(
    "/statistics",
    response=StatisticsOut,
    summary="Statistics of a unit's information service in a year",
    url_name="statistics",
    description="Counts of the requests and objections received in the calendar year "
    "(Asia/Jakarta), their outcomes, working days to decide, disputes and the satisfaction "
    "survey. `scope=tree` adds every unit below. Unknown unit: 404; bad year or scope: 422.",
)
@decorate_view(conditional_get)
def statistics(request, filters: Query[StatisticsFilters]):
    errors, cleaned = {}, {}
    for name, clean in (("year", statistics_year_clean), ("scope", statistics_scope_clean)):
        try:
            cleaned[name] = clean(getattr(filters, name))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    unit = unit_get(filters.unit)
    if unit is None:
        return problem(404, _("There is no unit with this code."))
    return statistics_for_unit(unit, cleaned["year"], cleaned["scope"])
