"""Writes of the law app: adding and removing closure days, one transaction each.

Authorisation: law must not import organisation, so each write takes the policy
``may_manage(actor, unit_code)`` from its caller (normally
``eppid.organisation.selectors.user_may_manage_closures``) and refuses with PermissionDenied itself.
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
from eppid.law.codes import is_unit_code
from eppid.law.holiday_source import holiday_dates, holiday_name
from eppid.law.models import ClosureDay

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


def closure_day_add(
    *, actor, day: date, unit_code: str | None, reason: str, may_manage: ClosurePolicy
) -> ClosureDay:
    """Close ``unit_code`` (or every unit when None) on ``day``, recorded as added by ``actor``.

    Raises PermissionDenied when ``may_manage`` refuses the actor that scope, ValidationError for
    bad input; either way nothing changes.
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
                return ClosureDay.objects.create(
                    date=day, unit_code=unit_code, reason=reason, created_by=actor
                )
        except IntegrityError:
            # Another request added the same day between our check and our insert.
            raise _duplicate_error(day, unit_code) from None


def closure_day_remove(*, actor, closure: ClosureDay, may_manage: ClosurePolicy) -> None:
    """Reopen the day. A past closure stays: deadlines already counted rest on it."""
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
