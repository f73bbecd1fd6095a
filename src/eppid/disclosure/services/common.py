"""Pieces every request service shares: the number format, deadlines, the open-state check.

Errors, numbering, events, locking and file clean-up are every case file's: ``eppid.casefiles.services``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.casefiles.services import LifecycleError
from eppid.disclosure.choices import OPEN_STATUSES
from eppid.law.calendar import WorkingCalendar
from eppid.law.deadlines import DeadlineRuleMissing, deadline_by_rule_set
from eppid.law.models import DeadlineStep
from eppid.law.selectors import RuleChoice, rules_for_receipt


def registration_number_format(unit_code: str, year: int, sequence: int) -> str:
    return f"{unit_code}-{year}-{sequence:05d}"


def deadlines_for_receipt(
    received_at: datetime, unit, *, election_information: bool = False
) -> tuple[date, date, RuleChoice]:
    """(received_on, due_date, rules) of a request received at ``received_at`` by ``unit``.

    The rules are chosen on the day it counts as received: election information inside a
    declared election period for the unit follows the election rule set, anything else the
    public-information one (law.selectors.rules_for_receipt).
    """
    calendar = WorkingCalendar(unit)  # one read of the closure days serves both dates
    received_on = calendar.receipt_date(timezone.localtime(received_at).date())
    try:
        rules = rules_for_receipt(
            unit_code=unit.code, received_on=received_on, election_information=election_information
        )
        due = deadline_by_rule_set(
            rules.rule_set, DeadlineStep.REQUEST_RESPONSE, received_on, unit, calendar=calendar
        )
    except DeadlineRuleMissing as error:
        raise ValidationError({"received_at": [str(error)]}) from error
    return received_on, due, rules


def require_open(request, action: str) -> None:
    if request.status not in OPEN_STATUSES:
        raise LifecycleError(
            _("A request that is %(status)s cannot be %(action)s.")
            % {"status": request.get_status_display().lower(), "action": action}
        )


__all__ = ["LifecycleError", "deadlines_for_receipt", "registration_number_format", "require_open"]
