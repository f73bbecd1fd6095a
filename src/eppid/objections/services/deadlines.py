"""Objections awaiting the superior's response follow the calendar (decision 1680).

Registered with ``law.closure_effects`` (``ObjectionsConfig.ready``) and run inside the closure's
own transaction: an objection still awaiting its response, of the closure's unit, whose response
period runs over the day gets its response due date counted again from its receipt day under its
own stored rule set on its unit's calendar, saved through the audited path with a timeline event.
A decided objection keeps every date (the response, the follow-up and the dispute window are on
its signed response).
"""

from __future__ import annotations

from eppid.casefiles.services import cases_follow_closure
from eppid.law.closure_effects import ClosureChange
from eppid.law.deadlines import deadline_by_rule_set
from eppid.law.models import DeadlineStep
from eppid.objections.choices import ObjectionStatus
from eppid.objections.models import Objection
from eppid.objections.rules import objection_rule_set


def objection_deadlines_follow(change: ClosureChange) -> int:
    """Move the response due dates of the open objections ``change`` affects; how many moved."""

    def recount(row, calendar):
        rule_set = objection_rule_set(row)
        return {
            "due_date": deadline_by_rule_set(
                rule_set, DeadlineStep.OBJECTION_RESPONSE, row.received_on, calendar=calendar
            )
        }

    return cases_follow_closure(Objection.objects, (ObjectionStatus.RECEIVED,), change, recount)
