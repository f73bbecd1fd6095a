"""Open requests follow the calendar: a closure day added or removed counts their deadlines again.

Registered with ``law.closure_effects`` (``DisclosureConfig.ready``) and run inside the closure's
own transaction (decision 1680). A request still open (received, in progress) of the closure's
unit whose period runs over the day gets its original due date counted again from its receipt
day under its own stored rule set, on its unit's calendar (the same functions as at receipt), and,
when extended, its due date counted again from that by the extension step. Each date that moved is
saved through the audited path with a timeline event saying why. Decided, withdrawn and forwarded
requests keep their dates: their papers are signed history.
"""

from __future__ import annotations

from eppid.casefiles.services import cases_follow_closure
from eppid.disclosure.case_rules import request_rule_set
from eppid.disclosure.choices import OPEN_STATUSES
from eppid.disclosure.models import InformationRequest
from eppid.law.calendar import WorkingCalendar
from eppid.law.closure_effects import ClosureChange
from eppid.law.deadlines import deadline_by_rule_set
from eppid.law.models import DeadlineStep


def request_deadlines_recount(request, calendar: WorkingCalendar):
    """(original_due_date, due_date) of ``request`` counted again on ``calendar`` (its unit's)."""
    rule_set = request_rule_set(request)
    original = deadline_by_rule_set(
        rule_set, DeadlineStep.REQUEST_RESPONSE, request.received_on, calendar=calendar
    )
    if not request.extended:
        return original, original
    extended = deadline_by_rule_set(rule_set, DeadlineStep.REQUEST_EXTENSION, original, calendar=calendar)
    return original, extended


def request_deadlines_follow(change: ClosureChange) -> int:
    """Move the deadlines of the open requests ``change`` affects; how many moved."""

    def recount(row, calendar):
        original, due = request_deadlines_recount(row, calendar)
        return {"original_due_date": original, "due_date": due}

    return cases_follow_closure(InformationRequest.objects, OPEN_STATUSES, change, recount)
