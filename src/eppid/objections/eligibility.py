"""Which Pasal 35(1) grounds fit a request, and until when (UU 14/2008 Pasal 35-36, contract 3).

Reading of the law used here (documented in docs/decisions/1000-objections.md):

- a: the written notice refused the request in whole or in part (rejected, partially_granted).
- c: no written notice, and the request's due date has passed.
- g: the notice came after the due date, or no notice came and the due date has passed.
- d, e: any written notice (the answer differs from the question / the information was not
  actually provided): which it is, is for the superior to weigh, not for the form to guess.
- f: a notice that charged a fee (a fee of Rp 0 cannot be unreasonable).
- b: periodic information not published is a standing omission with no prior event; it needs no
  request, so its filing period runs from the filing day itself and is always open.

The ground "arose" on the day of the written notice, or on the request's due date when no
notice came (c, and g without a notice). The objection may be filed on any calendar day up to
and including the 30th working day (OBJECTION_FILING, data) after that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eppid.disclosure.choices import Outcome, Status
from eppid.law.calendar import add_working_days
from eppid.law.deadlines import DeadlineRuleMissing, deadline_for
from eppid.law.models import DeadlineStep
from eppid.objections.choices import Ground

REFUSING_OUTCOMES = (Outcome.REJECTED, Outcome.PARTIALLY_GRANTED)


@dataclass(frozen=True)
class Window:
    ground: str
    arose_on: date
    last_day: date | None  # None: no end (ground b)


def day_text(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _refuse(message: str):
    raise ValidationError({"reason": [message]})


def _decision(request):
    return getattr(request, "decision", None) if request.status == Status.COMPLETED else None


def _notice_day(decision) -> date:
    return timezone.localtime(decision.decided_at).date()


def _last_day(arose_on: date, unit) -> date:
    try:
        return deadline_for(DeadlineStep.OBJECTION_FILING, arose_on, unit)
    except DeadlineRuleMissing as error:
        raise ValidationError({"reason": [str(error)]}) from error


def _unanswered_past_due(request, today: date) -> bool:
    return _decision(request) is None and today > request.due_date


def _require_answered(decision, ground: str) -> None:
    if decision is None:
        _refuse(
            _(
                "Ground (%(ground)s) is about the answer to your request, but your request has not "
                "been answered yet."
            )
            % {"ground": ground}
        )


def _arose(request, ground: str, today: date) -> date:
    """The day the ground arose, or ValidationError saying exactly why the ground does not fit."""
    decision = _decision(request)
    if ground == Ground.A:
        if decision is None or decision.outcome not in REFUSING_OUTCOMES:
            _refuse(
                _(
                    "Ground (a) is for a request that was refused in whole or in part, and your "
                    "request was not refused."
                )
                if decision is not None
                else _("Ground (a) is for a refused request, and your request has not been answered yet.")
            )
        return _notice_day(decision)
    if ground == Ground.C:
        if decision is not None:
            _refuse(
                _("Ground (c) is for an unanswered request, and your request was answered on %(date)s.")
                % {"date": day_text(_notice_day(decision))}
            )
        if today <= request.due_date:
            _refuse(
                _(
                    "Ground (c) is for a request not answered by its due date. Your request is due "
                    "on %(date)s, so you can object on this ground from %(next)s."
                )
                % {"date": day_text(request.due_date), "next": day_text(_day_after(request.due_date))}
            )
        return request.due_date
    if ground == Ground.G:
        if decision is not None:
            if _notice_day(decision) <= request.due_date:
                _refuse(
                    _(
                        "Ground (g) is for an answer given late, and your request was answered on "
                        "%(date)s, within its due date of %(due)s."
                    )
                    % {"date": day_text(_notice_day(decision)), "due": day_text(request.due_date)}
                )
            return _notice_day(decision)
        if today <= request.due_date:
            _refuse(
                _(
                    "Ground (g) is for an answer given late. Your request is due on %(date)s, so it "
                    "is not late yet."
                )
                % {"date": day_text(request.due_date)}
            )
        return request.due_date
    if ground in (Ground.D, Ground.E):
        _require_answered(decision, ground)
        return _notice_day(decision)
    if ground == Ground.F:
        _require_answered(decision, ground)
        if decision.fee_rupiah <= 0:
            _refuse(_("Ground (f) is about a fee, and no fee was charged for your request."))
        return _notice_day(decision)
    if ground == Ground.B:
        return today
    _refuse(_("Choose one of: %(expected)s.") % {"expected": ", ".join(Ground.values)})
    return today  # not reached


def _day_after(value: date) -> date:
    from datetime import timedelta

    return value + timedelta(days=1)


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


def filing_window(request, ground: str, today: date | None = None) -> Window:
    """The window of ``ground`` for ``request`` if it fits (on ``today``); ValidationError if not.

    Errors are keyed by "reason" (the API's name for the ground) and say exactly why; a late
    filing names the last day of the period.
    """
    today = today or timezone.localdate()
    ground = str(ground or "").strip()
    if ground not in Ground.values:
        _refuse(_("Choose one of: %(expected)s.") % {"expected": ", ".join(Ground.values)})
    _request_state(request)
    arose_on = _arose(request, ground, today)
    if ground == Ground.B:
        return Window(ground, arose_on, None)
    last_day = _last_day(arose_on, request.unit)
    if today > last_day:
        _refuse(
            _(
                "The period for an objection on ground (%(ground)s) ended on %(last)s: %(days)s "
                "working days after %(start)s."
            )
            % {
                "ground": ground,
                "last": day_text(last_day),
                "start": day_text(arose_on),
                "days": _filing_days(arose_on),
            }
        )
    return Window(ground, arose_on, last_day)


def _filing_days(on: date) -> int:
    from eppid.law.deadlines import deadline_days

    return deadline_days(DeadlineStep.OBJECTION_FILING, on)


def grounds_open(request, today: date | None = None) -> dict[str, Window]:
    """Every ground that fits ``request`` today, with its window (for the citizen form)."""
    windows = {}
    for ground in Ground.values:
        try:
            windows[ground] = filing_window(request, ground, today)
        except ValidationError:
            continue
    return windows


def dispute_deadline(start: date, unit) -> date:
    """Last day to take the dispute to the Information Commission: 14 WD after ``start``."""
    return deadline_for(DeadlineStep.DISPUTE_FILING, start, unit)


def first_working_day_after(day: date, unit) -> date:
    return add_working_days(day, 1, unit)
