"""Which deadline rules a case follows, and why, in words for the console, the status page and
the papers; and the legal ground a decision names.

The rule set is chosen once, at receipt (``services.common.deadlines_for_receipt``) and stored on
the request; everything here only reads it. Objections use ``rules_explained`` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from eppid.law.deadlines import rule_set_in_force
from eppid.law.models import EXEMPTION_KINDS, DeadlineRuleSet, ElectionPeriod, LegalGround, Regime
from eppid.law.selectors import ground_for_record
from eppid.law.terms import Terms, terms_of
from eppid.organisation.selectors import unit_names


def request_rule_set(request) -> DeadlineRuleSet | None:
    """The rule set ``request`` follows: the one stored at receipt (requests registered before
    rule sets were stored follow the public-information set in force on their receipt day)."""
    if request.rule_set_id is not None:
        return request.rule_set
    return rule_set_in_force(request.received_on)


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


@dataclass(frozen=True)
class RulesExplained:
    """``rule_set`` with its ``terms`` and the reason it applies (``why``, active language)."""

    rule_set: DeadlineRuleSet | None
    election_period: ElectionPeriod | None
    election_information: bool
    received_on: date | None

    @cached_property
    def terms(self) -> Terms:
        return terms_of(self.rule_set)

    @property
    def name(self) -> str:
        return self.rule_set.name if self.rule_set is not None else ""

    @property
    def is_election(self) -> bool:
        return self.rule_set is not None and self.rule_set.regime == Regime.ELECTION

    @property
    def to_confirm(self) -> bool:
        return self.terms.to_confirm

    @property
    def why(self) -> str:
        period = self.election_period
        if self.is_election and period is not None:
            if period.unit_code is None:
                scope = _("all units")
            else:
                name = unit_names({period.unit_code}).get(period.unit_code, period.unit_code)
                scope = _("%(unit)s and the units below it") % {"unit": name}
            return _(
                "Election information received during the declared election period “%(period)s” "
                "(%(start)s to %(end)s) for %(scope)s."
            ) % {
                "period": period.name,
                "start": _day(period.starts_on),
                "end": _day(period.ends_on),
                "scope": scope,
            }
        if self.election_information and self.received_on is not None:
            return _(
                "Marked as election information, but no election period was declared for this unit "
                "on the day it counts as received (%(date)s): the public-information rules apply."
            ) % {"date": _day(self.received_on)}
        return _("Public information (not marked as election information).")


def rules_explained(rule_set, *, election_period=None, election_information=False, received_on=None):
    return RulesExplained(
        rule_set=rule_set,
        election_period=election_period,
        election_information=bool(election_information),
        received_on=received_on,
    )


def request_rules(request) -> RulesExplained:
    """The rules ``request`` follows and why."""
    return rules_explained(
        request_rule_set(request),
        election_period=request.election_period,
        election_information=request.election_information,
        received_on=request.received_on,
    )


def exemption_ground(decision) -> LegalGround | None:
    """The exemption a decision names, as the law read on the day of the decision."""
    if decision is None or not decision.exemption_basis:
        return None
    on = timezone.localtime(decision.decided_at).date() if decision.decided_at else None
    return ground_for_record(EXEMPTION_KINDS, decision.exemption_basis, on)


def exemption_label(decision) -> str:
    """The label of the decision's exemption in the active language; the stored code if unknown."""
    ground = exemption_ground(decision)
    if ground is None:
        return decision.exemption_basis if decision is not None else ""
    return ground.label
