"""The terms a text states, taken from one rule set: "within {{ terms.response_days }} working
days ({{ terms.basis.request_response }})".

Every page, email, paper and API description that states a number of working days takes it from
a ``Terms``: the terms of the rule set a case follows (``terms_of(case.rule_set)``), or of the set
in force today for general texts (``terms_in_force()``). No such number is written anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from eppid.law.deadlines import rule_set_in_force
from eppid.law.models import DeadlineRule, DeadlineRuleSet, DeadlineStep, Regime


@dataclass(frozen=True)
class Terms:
    rule_set: DeadlineRuleSet | None
    days: dict[str, int] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)
    unconfirmed: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        return self.rule_set is not None and all(step in self.days for step in DeadlineStep.values)

    @property
    def is_election(self) -> bool:
        return self.rule_set is not None and self.rule_set.regime == Regime.ELECTION

    @property
    def to_confirm(self) -> bool:
        return bool(self.unconfirmed)

    @property
    def response_days(self) -> int | None:
        return self.days.get(DeadlineStep.REQUEST_RESPONSE)

    @property
    def extension_days(self) -> int | None:
        return self.days.get(DeadlineStep.REQUEST_EXTENSION)

    @property
    def objection_days(self) -> int | None:
        return self.days.get(DeadlineStep.OBJECTION_FILING)

    @property
    def objection_response_days(self) -> int | None:
        return self.days.get(DeadlineStep.OBJECTION_RESPONSE)

    @property
    def dispute_days(self) -> int | None:
        return self.days.get(DeadlineStep.DISPUTE_FILING)

    def values(self) -> dict[str, object]:
        """The placeholders of translated texts: ``%(response_days)s``, ``%(response_basis)s``..."""
        names = {
            DeadlineStep.REQUEST_RESPONSE: "response",
            DeadlineStep.REQUEST_EXTENSION: "extension",
            DeadlineStep.OBJECTION_FILING: "objection",
            DeadlineStep.OBJECTION_RESPONSE: "objection_response",
            DeadlineStep.DISPUTE_FILING: "dispute",
            DeadlineStep.OBJECTION_FOLLOWUP: "followup",
        }
        out: dict[str, object] = {"rules": self.rule_set.name if self.rule_set else ""}
        for step, name in names.items():
            out[f"{name}_days"] = self.days.get(step, "")
            out[f"{name}_basis"] = self.basis.get(step, "")
        return out


def terms_of(rule_set: DeadlineRuleSet | None) -> Terms:
    """The numbers and articles of ``rule_set`` (one query, none when its ``rules`` were
    prefetched); empty terms for None."""
    if rule_set is None:
        return Terms(rule_set=None)
    if "rules" in getattr(rule_set, "_prefetched_objects_cache", {}):
        rules = [(r.step, r.working_days, r.basis, r.to_confirm) for r in rule_set.rules.all()]
    else:
        rules = list(
            DeadlineRule.objects.filter(rule_set=rule_set).values_list(
                "step", "working_days", "basis", "to_confirm"
            )
        )
    return Terms(
        rule_set=rule_set,
        days={step: days for step, days, _basis, _flag in rules},
        basis={step: basis for step, _days, basis, _flag in rules},
        unconfirmed=frozenset(step for step, _days, _basis, flag in rules if flag),
    )


def terms_in_force(on_date: date | None = None, regime: str = Regime.GENERAL) -> Terms:
    """The terms of the set of ``regime`` in force on ``on_date`` (today, Jakarta)."""
    return terms_of(rule_set_in_force(on_date or timezone.localdate(), regime))
