"""Which objection grounds fit a request, and until when (UU 14/2008 Pasal 35-36, contract 3).

The grounds are data (law.LegalGround, kind "objection"): their letters, text and order come
from there. What each ground is about is its ``condition``; the reading of the law used for each
condition (documented in docs/decisions/1000-objections.md):

- refusal: the written notice refused the request in whole or in part (rejected, partially_granted).
- unanswered: no written notice, and the request's due date has passed.
- late: the notice came after the due date, or no notice came and the due date has passed.
- answered_otherwise, not_fulfilled: any written notice (the answer differs from the question /
  the information was not actually provided): which it is, is for the superior to weigh.
- fee: a notice that charged a fee (a fee of Rp 0 cannot be unreasonable).
- periodic: periodic information not published is a standing omission with no prior event; it
  needs no request, so its filing period runs from the filing day itself and is always open.

A case is judged as it stood when the objection arrived (``at``): an objection that came in on
paper before the request was decided, withdrawn or forwarded is judged without that later step,
whenever staff register it (decision 1698).

The ground "arose" on the day of the written notice, or on the request's due date when no
notice came. The objection may be filed on any calendar day up to and including the N-th working
day after that day, N being the objection-filing step of the request's own rule set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eppid.disclosure.case_rules import request_rule_set
from eppid.disclosure.choices import Outcome, Status
from eppid.law.deadlines import DeadlineRuleMissing, deadline_by_rule_set, rule_days
from eppid.law.models import DeadlineStep, ObjectionCondition
from eppid.objections.rules import objection_ground, objection_grounds

REFUSING_OUTCOMES = (Outcome.REJECTED, Outcome.PARTIALLY_GRANTED)


@dataclass(frozen=True)
class Window:
    ground: str
    arose_on: date
    last_day: date | None  # None: no end (a periodic-information ground)


def day_text(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _refuse(message: str):
    raise ValidationError({"reason": [message]})


CLOSING_STATUSES = (Status.COMPLETED, Status.WITHDRAWN, Status.FORWARDED)


def _closed_after(request, at: datetime | None) -> bool:
    """Whether the step that closed ``request`` (its decision, withdrawal or forwarding) came
    after ``at``: the request was then still open when the objection arrived."""
    if at is None or request.status not in CLOSING_STATUSES:
        return False
    if request.status == Status.COMPLETED:
        decision = getattr(request, "decision", None)
        return decision is not None and decision.decided_at > at
    step = request.events.filter(status_after=request.status).order_by("-at", "-pk").first()
    return step is not None and step.at > at


def _decision(request):
    return getattr(request, "decision", None) if request.status == Status.COMPLETED else None


def _notice_day(decision) -> date:
    return timezone.localtime(decision.decided_at).date()


def _last_day(request, arose_on: date) -> date:
    rule_set = request_rule_set(request)
    try:
        if rule_set is None:
            raise DeadlineRuleMissing(
                _("No deadline rule set is in force on %(date)s.") % {"date": request.received_on.isoformat()}
            )
        return deadline_by_rule_set(rule_set, DeadlineStep.OBJECTION_FILING, arose_on, request.unit)
    except DeadlineRuleMissing as error:
        raise ValidationError({"reason": [str(error)]}) from error


def _require_answered(decision, letter: str) -> None:
    if decision is None:
        _refuse(
            _(
                "Ground (%(ground)s) is about the answer to your request, but your request has not "
                "been answered yet."
            )
            % {"ground": letter}
        )


def _refusal(request, decision, letter: str, today: date) -> date:
    if decision is None:
        _refuse(
            _("Ground (%(ground)s) is for a refused request, and your request has not been answered yet.")
            % {"ground": letter}
        )
    if decision.outcome not in REFUSING_OUTCOMES:
        _refuse(
            _(
                "Ground (%(ground)s) is for a request that was refused in whole or in part, and your "
                "request was not refused."
            )
            % {"ground": letter}
        )
    return _notice_day(decision)


def _unanswered(request, decision, letter: str, today: date) -> date:
    if decision is not None:
        _refuse(
            _("Ground (%(ground)s) is for an unanswered request, and your request was answered on %(date)s.")
            % {"ground": letter, "date": day_text(_notice_day(decision))}
        )
    if today <= request.due_date:
        _refuse(
            _(
                "Ground (%(ground)s) is for a request not answered by its due date. Your request is due "
                "on %(date)s, so you can object on this ground from %(next)s."
            )
            % {
                "ground": letter,
                "date": day_text(request.due_date),
                "next": day_text(request.due_date + timedelta(days=1)),
            }
        )
    return request.due_date


def _late(request, decision, letter: str, today: date) -> date:
    if decision is not None:
        if _notice_day(decision) <= request.due_date:
            _refuse(
                _(
                    "Ground (%(ground)s) is for an answer given late, and your request was answered on "
                    "%(date)s, within its due date of %(due)s."
                )
                % {
                    "ground": letter,
                    "date": day_text(_notice_day(decision)),
                    "due": day_text(request.due_date),
                }
            )
        return _notice_day(decision)
    if today <= request.due_date:
        _refuse(
            _(
                "Ground (%(ground)s) is for an answer given late. Your request is due on %(date)s, so it "
                "is not late yet."
            )
            % {"ground": letter, "date": day_text(request.due_date)}
        )
    return request.due_date


def _answered(request, decision, letter: str, today: date) -> date:
    _require_answered(decision, letter)
    return _notice_day(decision)


def _fee(request, decision, letter: str, today: date) -> date:
    _require_answered(decision, letter)
    if decision.fee_rupiah <= 0:
        _refuse(
            _("Ground (%(ground)s) is about a fee, and no fee was charged for your request.")
            % {"ground": letter}
        )
    return _notice_day(decision)


def _periodic(request, decision, letter: str, today: date) -> date:
    return today


# The day each condition's ground arose, or ValidationError saying exactly why it does not fit.
ARISES = {
    ObjectionCondition.REFUSAL: _refusal,
    ObjectionCondition.UNANSWERED: _unanswered,
    ObjectionCondition.LATE: _late,
    ObjectionCondition.ANSWERED_OTHERWISE: _answered,
    ObjectionCondition.NOT_FULFILLED: _answered,
    ObjectionCondition.FEE: _fee,
    ObjectionCondition.PERIODIC: _periodic,
}


def _request_state(request) -> None:
    if request.status == Status.FORWARDED and request.forwarded_to_id:
        _refuse(
            _(
                "This request was forwarded to another unit and registered there as %(number)s. "
                "File your objection with that registration number."
            )
            % {"number": request.forwarded_to.registration_number}
        )
    if request.status == Status.WITHDRAWN:
        _refuse(_("This request was withdrawn, so no objection can be filed on it."))


def _choose_one(today: date):
    codes = [ground.code for ground in objection_grounds(today)]
    _refuse(_("Choose one of: %(expected)s.") % {"expected": ", ".join(codes)})


def filing_window(request, ground: str, today: date | None = None, *, at: datetime | None = None) -> Window:
    """The window of ``ground`` (a code in force on ``today``) for ``request`` if it fits;
    ValidationError if not. ``at`` is the moment the objection arrived (None: now): a decision,
    withdrawal or forwarding after it does not count.

    Errors are keyed by "reason" (the API's name for the ground) and say exactly why; a late
    filing names the last day of the period.
    """
    today = today or (timezone.localtime(at).date() if at else timezone.localdate())
    code = str(ground or "").strip()
    legal = objection_ground(code, today) if code else None
    if legal is None or legal.condition not in ARISES:
        _choose_one(today)
    if _closed_after(request, at):
        decision = None  # still open when the objection arrived
    else:
        _request_state(request)
        decision = _decision(request)
    arose_on = ARISES[legal.condition](request, decision, legal.letter, today)
    if legal.condition == ObjectionCondition.PERIODIC:
        return Window(legal.code, arose_on, None)
    last_day = _last_day(request, arose_on)
    if today > last_day:
        _refuse(
            _(
                "The period for an objection on ground (%(ground)s) ended on %(last)s: %(days)s "
                "working days after %(start)s."
            )
            % {
                "ground": legal.letter,
                "last": day_text(last_day),
                "start": day_text(arose_on),
                "days": rule_days(request_rule_set(request), DeadlineStep.OBJECTION_FILING),
            }
        )
    return Window(legal.code, arose_on, last_day)
