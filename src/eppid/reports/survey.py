"""The satisfaction survey (PermenPANRB 14/2017): answering it, and a unit's results.

Services (writes, one transaction each):
- ``survey_answer_record``: one answer for one decided request, once; online by the requester
  or on paper, entered by a staff member (marked as such, with their user).
Selectors (reads):
- ``survey_state``: whether a request can be answered now (for the status page and email), and
  ``survey_refusal``: why not, in the words the service refuses with (the survey page's first step);
- ``survey_summary(unit_codes, year)``: NRR per element, IKM, grade, responses, the sample the
  Krejcie-Morgan table asks for and the comments; two aggregate queries, whatever the count
  (Decimals, for pages; the statistics' ``survey`` block and the annual report are made from it).

The screens find the request (the public side through ``disclosure.selectors.request_find_public``
with the tracking code; staff by number inside their unit) and translate the errors: a
``ValidationError`` keyed ``scores.uN`` / ``comment`` / ``answered_at`` is a 422, a
``LifecycleError`` (no decision yet, answered already) a 409. Bad input changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.core.text import text_clean_keyed
from eppid.disclosure.models import Decision, InformationRequest
from eppid.disclosure.services import LifecycleError
from eppid.reports.ikm import ikm_summary, sample_size_required
from eppid.reports.models import SurveyChannel, SurveyResponse
from eppid.reports.survey_rules import ELEMENT_CODES, GRADES, SCALE_MAX, SCALE_MIN

JAKARTA = ZoneInfo("Asia/Jakarta")
COMMENT_LIMIT = 2000
FIRST_YEAR, LAST_YEAR = 2000, 2100


class SurveyState:
    NOT_DECIDED = "not_decided"
    OPEN = "open"
    ANSWERED = "answered"


def _decision_of(request: InformationRequest):
    try:
        return request.decision
    except ObjectDoesNotExist:
        return None


def survey_state(request: InformationRequest) -> str:
    """``open`` when the request is decided and not answered yet; else why not."""
    if _decision_of(request) is None:
        return SurveyState.NOT_DECIDED
    if SurveyResponse.objects.filter(request=request).exists():
        return SurveyState.ANSWERED
    return SurveyState.OPEN


def survey_refusal(state: str) -> str:
    """Why a request in ``state`` (``survey_state``) cannot be answered; "" when it can. The
    service refuses with these words, and the survey page says them before any question."""
    if state == SurveyState.NOT_DECIDED:
        return _("The survey opens once the request has been decided.")
    if state == SurveyState.ANSWERED:
        return _("The survey for this request has already been answered.")
    return ""


def survey_scores_clean(scores) -> dict[str, int]:
    """The nine scores as ints 1-4, or ValidationError keyed ``scores`` / ``scores.uN``."""
    if not isinstance(scores, Mapping):
        raise ValidationError({"scores": [_("Give a score from 1 to 4 for each of the nine elements.")]})
    errors: dict[str, list[str]] = {}
    unknown = sorted(str(key) for key in scores if key not in ELEMENT_CODES)
    if unknown:
        errors["scores"] = [
            _("Unknown elements: %(keys)s. The elements are u1 to u9.") % {"keys": ", ".join(unknown)[:200]}
        ]
    clean: dict[str, int] = {}
    for code in ELEMENT_CODES:
        value = scores.get(code)
        if value is None or value == "":
            errors[f"scores.{code}"] = [_("Choose a score for this element.")]
            continue
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 1:
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            message = _("A score is a whole number from %(low)d to %(high)d.")
            errors[f"scores.{code}"] = [message % {"low": SCALE_MIN, "high": SCALE_MAX}]
            continue
        clean[code] = value
    if errors:
        raise ValidationError(errors)
    return clean


def survey_answer_record(
    *,
    request: InformationRequest,
    scores,
    comment: str = "",
    channel: str = SurveyChannel.ONLINE,
    actor=None,
    answered_at: datetime | None = None,
) -> SurveyResponse:
    """Record the one answer of a decided request.

    Online: the requester (no ``actor``; answered now). Paper: a staff member (``actor``) types
    in a paper form; ``answered_at`` is when it was filled in (not in the future, not before the
    decision; now when not given).
    """
    clean = survey_scores_clean(scores)
    text = text_clean_keyed(comment, "comment", multiline=True, limit=COMMENT_LIMIT)
    now = timezone.now()
    if channel == SurveyChannel.PAPER:
        if actor is None or not getattr(actor, "pk", None):
            raise ValueError("a paper answer is entered by a staff member")
    elif channel == SurveyChannel.ONLINE:
        actor, answered_at = None, None
    else:
        raise ValueError(f"unknown survey channel {channel!r}")
    with transaction.atomic():
        # One writer per request at a time: the second of two simultaneous answers sees the first.
        locked = InformationRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None:
            raise LifecycleError(_("This request cannot be found."))
        decision = Decision.objects.filter(request_id=locked.pk).first()
        if decision is None:
            raise LifecycleError(survey_refusal(SurveyState.NOT_DECIDED))
        if SurveyResponse.objects.filter(request_id=locked.pk).exists():
            raise LifecycleError(survey_refusal(SurveyState.ANSWERED))
        when = answered_at or now
        if timezone.is_naive(when):
            raise ValidationError({"answered_at": [_("Give the date and time with a time zone.")]})
        if when > now:
            raise ValidationError({"answered_at": [_("The date of the answer cannot be in the future.")]})
        if when < decision.decided_at:
            message = _("The date of the answer cannot be before the decision.")
            raise ValidationError({"answered_at": [message]})
        try:
            with transaction.atomic():
                return SurveyResponse.objects.create(
                    request=locked,
                    unit_id=locked.unit_id,
                    comment=text,
                    channel=channel,
                    entered_by=actor,
                    answered_at=when,
                    **clean,
                )
        except IntegrityError:
            raise LifecycleError(survey_refusal(SurveyState.ANSWERED)) from None


# --- Reads ----------------------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in Asia/Jakarta as [start, end) instants."""
    year = int(year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} out of range")
    return datetime(year, 1, 1, tzinfo=JAKARTA), datetime(year + 1, 1, 1, tzinfo=JAKARTA)


def survey_answers(unit_codes: Iterable[str], year: int):
    """The answers of these units answered in ``year`` (Asia/Jakarta), newest first."""
    start, end = year_bounds(year)
    return SurveyResponse.objects.filter(
        unit__code__in=list(unit_codes), answered_at__gte=start, answered_at__lt=end
    ).select_related("unit", "request")


def survey_population(unit_codes: Iterable[str], year: int) -> int:
    """The service users of the period: requests of these units decided in ``year``."""
    start, end = year_bounds(year)
    return Decision.objects.filter(
        request__unit__code__in=list(unit_codes), decided_at__gte=start, decided_at__lt=end
    ).count()


def survey_summary(
    unit_codes: Iterable[str],
    year: int,
    *,
    comments: bool = True,
    comments_limit: int = 500,
    population: bool = True,
) -> dict:
    """Per-element NRR, IKM and grade of the answers of these units in ``year``, with the number
    of responses (online and paper), the population and the sample size the table asks for, and
    the comments (newest first, at most ``comments_limit``; for staff only: ``comments=False``
    leaves them out, as any public use must). ``population=False`` leaves out the population and
    the sample size (None; ``sample_reached`` None): counting the decisions of a year is a pass
    over the register, which the statistics document does not show (decision 1440).

    ``elements``/``ikm`` are Decimals to two decimals (None with no responses), ``grade`` is
    "A".."D" or None; ``grade_label`` its name in the active language.
    """
    codes = list(unit_codes)
    rows = survey_answers(codes, year)
    totals = rows.aggregate(
        responses=Count("pk"),
        paper=Count("pk", filter=Q(channel=SurveyChannel.PAPER)),
        **{code: Sum(code) for code in ELEMENT_CODES},
    )
    responses = totals.pop("responses") or 0
    paper = totals.pop("paper") or 0
    summary = ikm_summary({code: totals[code] or 0 for code in ELEMENT_CODES}, responses)
    served = survey_population(codes, year) if population else None
    grade = next((item for item in GRADES if item.code == summary["grade"]), None)
    summary.update(
        {
            "year": int(year),
            "online": responses - paper,
            "paper": paper,
            "population": served,
            "sample_size_required": sample_size_required(served) if population else None,
            "grade_label": str(grade.label) if grade else None,
            "comments": [],
        }
    )
    summary["sample_reached"] = responses >= summary["sample_size_required"] if population else None
    if comments:
        summary["comments"] = [
            {
                "text": comment,
                "answered_at": answered_at,
                "channel": channel,
                "unit": unit_code,
                "registration_number": number,
            }
            for comment, answered_at, channel, unit_code, number in rows.exclude(comment="")
            .order_by("-answered_at", "-pk")
            .values_list("comment", "answered_at", "channel", "unit__code", "request__registration_number")[
                :comments_limit
            ]
        ]
    return summary
