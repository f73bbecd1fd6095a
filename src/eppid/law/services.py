"""Writes of the law app: closure days and election periods, one transaction each.

Authorisation: law must not import organisation, so each write takes the policy
``may_manage(actor, unit_code)`` from its caller (normally
``eppid.organisation.selectors.user_may_manage_closures`` or ``user_may_manage_election_periods``)
and refuses with PermissionDenied itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eppid.core.text import text_clean
from eppid.law.closure_effects import ClosureChange, closure_effects_apply
from eppid.law.codes import is_unit_code
from eppid.law.deadlines import DeadlineRuleMissing
from eppid.law.holiday_source import holiday_dates, holiday_name
from eppid.law.models import ClosureDay, ElectionPeriod

# (actor, unit_code or None for every unit) -> whether the actor may add or remove such a closure.
ClosurePolicy = Callable[[Any, str | None], bool]
# Far enough for next year's planning; further out is more likely a typing slip than a plan.
MAX_DAYS_AHEAD = 2 * 366
REASON_MAX_LENGTH = 200


def _show(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _validate_new_closure(day, unit_code: str | None, reason: str) -> str:
    errors: dict[str, list[str]] = {}
    try:
        reason = text_clean(reason)
    except ValidationError as error:
        errors["reason"] = error.messages
        reason = ""
    if not reason and "reason" not in errors:
        errors.setdefault("reason", []).append(_("Enter the reason the office is closed."))
    elif len(reason) > REASON_MAX_LENGTH:
        errors.setdefault("reason", []).append(
            _("The reason must be %(max)d characters or fewer.") % {"max": REASON_MAX_LENGTH}
        )
    if unit_code is not None and not is_unit_code(unit_code):
        errors.setdefault("unit", []).append(_("Choose a unit from the list."))
    if not isinstance(day, date) or hasattr(day, "hour"):
        errors.setdefault("date", []).append(_("Enter a real date, for example 2026-03-17."))
        raise ValidationError(errors)
    today = timezone.localdate()
    if day < today:
        errors.setdefault("date", []).append(_("A closure day cannot be in the past."))
    elif day > today + timedelta(days=MAX_DAYS_AHEAD):
        errors.setdefault("date", []).append(_("A closure day can be at most two years ahead."))
    elif day.weekday() >= 5:
        errors.setdefault("date", []).append(
            _("%(date)s is a weekend day: offices are closed anyway.") % {"date": _show(day)}
        )
    elif day in holiday_dates(day.year):
        errors.setdefault("date", []).append(
            _("%(date)s is already a national holiday (%(name)s).")
            % {"date": _show(day), "name": holiday_name(day)}
        )
    if errors:
        raise ValidationError(errors)
    return reason


def _duplicate_error(day: date, unit_code: str | None) -> ValidationError:
    if ClosureDay.objects.filter(date=day, unit_code__isnull=True).exists():
        message = _("%(date)s is already a closure day for all units.")
    else:
        message = _("%(date)s is already a closure day for this unit.")
    return ValidationError({"date": [message % {"date": _show(day)}]}, code="duplicate")


def _effects_apply(day: date, unit_code: str | None, *, added: bool, actor) -> int:
    """The stored deadlines of open case files move with the calendar (``closure_effects``)."""
    try:
        return closure_effects_apply(ClosureChange(day=day, unit_code=unit_code, added=added, actor=actor))
    except DeadlineRuleMissing as error:
        raise ValidationError({"date": [str(error)]}) from error


def closure_day_add(
    *, actor, day: date, unit_code: str | None, reason: str, may_manage: ClosurePolicy
) -> ClosureDay:
    """Close ``unit_code`` (or every unit when None) on ``day``, recorded as added by ``actor``.

    In the same transaction, the open case files of those units whose period runs over ``day``
    get their deadlines counted again (decision 1680); how many moved is ``deadlines_moved`` on
    the closure returned. Raises PermissionDenied when ``may_manage`` refuses the actor that
    scope, ValidationError for bad input; either way nothing changes.
    """
    if not may_manage(actor, unit_code):
        raise PermissionDenied
    reason = _validate_new_closure(day, unit_code, reason)
    with transaction.atomic():
        scope = Q(unit_code__isnull=True)
        if unit_code is not None:
            scope |= Q(unit_code=unit_code)
        if ClosureDay.objects.filter(scope, date=day).exists():
            raise _duplicate_error(day, unit_code)
        try:
            with transaction.atomic():
                closure = ClosureDay.objects.create(
                    date=day, unit_code=unit_code, reason=reason, created_by=actor
                )
        except IntegrityError:
            # Another request added the same day between our check and our insert.
            raise _duplicate_error(day, unit_code) from None
        closure.deadlines_moved = _effects_apply(day, unit_code, added=True, actor=actor)
        return closure


def closure_day_remove(*, actor, closure: ClosureDay, may_manage: ClosurePolicy) -> int:
    """Reopen the day; the deadlines it moved move back (decision 1680). Returns how many moved.

    A past closure stays: deadlines already counted rest on it."""
    if not may_manage(actor, closure.unit_code):
        raise PermissionDenied
    with transaction.atomic():
        locked = ClosureDay.objects.select_for_update().filter(pk=closure.pk).first()
        if locked is None:
            raise ValidationError(_("This closure day no longer exists."), code="gone")
        if locked.date < timezone.localdate():
            raise ValidationError(
                _("A past closure day cannot be removed: deadlines were already counted with it."),
                code="past",
            )
        locked.delete()
        return _effects_apply(locked.date, locked.unit_code, added=False, actor=actor)


# --- Election periods ---------------------------------------------------------------------------

PERIOD_NAME_MAX_LENGTH = 200
PERIOD_BASIS_MAX_LENGTH = 300
# Election stages run for up to about 20 months; longer is more likely a typing slip.
PERIOD_MAX_DAYS = 3 * 366


def _is_day(value) -> bool:
    return isinstance(value, date) and not hasattr(value, "hour")


def _period_errors(name: str, starts_on, ends_on, unit_code: str | None, basis: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Enter the name of the election period."))
    elif len(name) > PERIOD_NAME_MAX_LENGTH:
        errors.setdefault("name", []).append(
            _("The name must be %(max)d characters or fewer.") % {"max": PERIOD_NAME_MAX_LENGTH}
        )
    if len(basis) > PERIOD_BASIS_MAX_LENGTH:
        errors.setdefault("basis", []).append(
            _("The basis must be %(max)d characters or fewer.") % {"max": PERIOD_BASIS_MAX_LENGTH}
        )
    if unit_code is not None and not is_unit_code(unit_code):
        errors.setdefault("unit", []).append(_("Choose a unit from the list."))
    today = timezone.localdate()
    if not _is_day(starts_on):
        errors.setdefault("starts_on", []).append(_("Enter a real date, for example 2026-03-17."))
    elif starts_on < today:
        errors.setdefault("starts_on", []).append(
            _("An election period cannot start in the past: requests already received keep their rules.")
        )
    elif starts_on > today + timedelta(days=MAX_DAYS_AHEAD):
        errors.setdefault("starts_on", []).append(_("An election period can start at most two years ahead."))
    if not _is_day(ends_on):
        errors.setdefault("ends_on", []).append(_("Enter a real date, for example 2026-03-17."))
    elif _is_day(starts_on) and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The last day must not be before the first day."))
    elif _is_day(starts_on) and (ends_on - starts_on).days >= PERIOD_MAX_DAYS:
        errors.setdefault("ends_on", []).append(_("An election period can last at most three years."))
    return errors


def _overlapping(unit_code: str | None, starts_on: date, ends_on: date, exclude_pk=None):
    scope = Q(unit_code__isnull=True) if unit_code is None else Q(unit_code=unit_code)
    found = ElectionPeriod.objects.filter(scope, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("starts_on").first()


def _overlap_error(other: ElectionPeriod) -> ValidationError:
    return ValidationError(
        {
            "starts_on": [
                _(
                    "This overlaps the election period “%(name)s” (%(start)s to %(end)s) declared for "
                    "the same units."
                )
                % {"name": other.name, "start": _show(other.starts_on), "end": _show(other.ends_on)}
            ]
        },
        code="overlap",
    )


def election_period_add(
    *,
    actor,
    name: str,
    starts_on: date,
    ends_on: date,
    unit_code: str | None,
    basis: str = "",
    may_manage: ClosurePolicy,
) -> ElectionPeriod:
    """Declare an election period for ``unit_code`` and the units below it (None: every unit).

    Requests for election information received (their receipt day) from ``starts_on`` to
    ``ends_on`` inclusive then follow the election rule set. PermissionDenied when ``may_manage``
    refuses; ValidationError for bad input or an overlap with a period for the same units.
    """
    if not may_manage(actor, unit_code):
        raise PermissionDenied
    name, basis = (name or "").strip(), (basis or "").strip()
    errors = _period_errors(name, starts_on, ends_on, unit_code, basis)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        other = _overlapping(unit_code, starts_on, ends_on)
        if other is not None:
            raise _overlap_error(other)
        return ElectionPeriod.objects.create(
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            unit_code=unit_code,
            basis=basis,
            created_by=actor,
        )


def election_period_end(
    *, actor, period: ElectionPeriod, last_day: date, may_manage: ClosurePolicy
) -> ElectionPeriod:
    """Bring the last day of a period forward, to today at the earliest: requests received since it
    started keep the rules they were given; later ones follow the public-information rules."""
    if not may_manage(actor, period.unit_code):
        raise PermissionDenied
    if not _is_day(last_day):
        raise ValidationError({"ends_on": [_("Enter a real date, for example 2026-03-17.")]})
    with transaction.atomic():
        locked = ElectionPeriod.objects.select_for_update().filter(pk=period.pk).first()
        if locked is None:
            raise ValidationError(_("This election period no longer exists."), code="gone")
        today = timezone.localdate()
        if locked.ends_on < today:
            raise ValidationError(_("This election period is over already."), code="past")
        if last_day < max(today, locked.starts_on):
            raise ValidationError(
                {"ends_on": [_("The last day can be today at the earliest, and not before the first day.")]}
            )
        if last_day >= locked.ends_on:
            raise ValidationError(
                {
                    "ends_on": [
                        _("Choose a day before the current last day, %(date)s.")
                        % {"date": _show(locked.ends_on)}
                    ]
                }
            )
        locked.ends_on = last_day
        locked.save()
        return locked


def election_period_remove(*, actor, period: ElectionPeriod, may_manage: ClosurePolicy) -> None:
    """Remove a period that has not started yet. One that has started stays: requests received in
    it rest on it (end it early instead)."""
    if not may_manage(actor, period.unit_code):
        raise PermissionDenied
    with transaction.atomic():
        locked = ElectionPeriod.objects.select_for_update().filter(pk=period.pk).first()
        if locked is None:
            raise ValidationError(_("This election period no longer exists."), code="gone")
        if locked.starts_on <= timezone.localdate():
            raise ValidationError(
                _(
                    "An election period that has started cannot be removed: requests received in it "
                    "rest on it."
                ),
                code="started",
            )
        locked.delete()
