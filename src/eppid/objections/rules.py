"""The law an objection follows: its rule set (chosen at receipt) and its ground (law.LegalGround).

An objection keeps the regime of its request: the objection to a request for election information
that followed the election rules follows them too (the atasan PPID's response, the follow-up, the
dispute window); a ground-b objection without a request follows the public-information rules.
The set of that regime in force on the objection's receipt day is stored on the objection.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.disclosure.case_rules import RulesExplained, request_rule_set, rules_explained
from eppid.law.deadlines import DeadlineRuleMissing, rule_set_in_force
from eppid.law.models import DeadlineRuleSet, GroundKind, LegalGround, Regime
from eppid.law.selectors import ground_for_condition as law_ground_for_condition
from eppid.law.selectors import ground_for_record, ground_in_force, grounds_in_force


def rule_set_for_new_objection(request, received_on: date) -> DeadlineRuleSet:
    """The set a new objection (received on ``received_on``) follows; DeadlineRuleMissing if none."""
    regime = Regime.GENERAL
    if request is not None:
        followed = request_rule_set(request)
        regime = followed.regime if followed is not None else Regime.GENERAL
    rule_set = rule_set_in_force(received_on, regime)
    if rule_set is None:
        raise DeadlineRuleMissing(
            _("No deadline rule set is in force on %(date)s.") % {"date": received_on.isoformat()}
        )
    return rule_set


def objection_rule_set(objection) -> DeadlineRuleSet | None:
    """The set stored at receipt (objections filed before sets were stored: the public-information
    set in force on their receipt day)."""
    if objection.rule_set_id is not None:
        return objection.rule_set
    return rule_set_in_force(objection.received_on)


def objection_rules(objection) -> RulesExplained:
    request = objection.request if objection.request_id else None
    return rules_explained(
        objection_rule_set(objection),
        election_period=request.election_period if request is not None else None,
        election_information=request.election_information if request is not None else False,
        received_on=request.received_on if request is not None else None,
    )


def objection_grounds(on: date | None = None) -> list[LegalGround]:
    """The objection grounds in force on ``on`` (today), in the law's order."""
    return grounds_in_force(GroundKind.OBJECTION, on or timezone.localdate())


def objection_ground(code: str, on: date | None = None) -> LegalGround | None:
    return ground_in_force(GroundKind.OBJECTION, code, on or timezone.localdate())


def ground_of(objection) -> LegalGround | None:
    """The ground an objection names, as the law read on the day it was filed."""
    return ground_for_record(GroundKind.OBJECTION, objection.ground, objection.received_on)


def ground_label(objection) -> str:
    ground = ground_of(objection)
    return ground.label if ground is not None else objection.ground


def ground_for_condition(condition: str, on: date | None = None) -> LegalGround | None:
    """The objection ground in force about ``condition`` (e.g. "periodic", ground b today)."""
    return law_ground_for_condition(GroundKind.OBJECTION, condition, on or timezone.localdate())
