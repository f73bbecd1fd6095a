"""What the transparency log records of this app's models (see eppid.integrity.registry)."""

from eppid.integrity.registry import audited
from eppid.law.models import ClosureDay, DeadlineRule, DeadlineRuleSet

audited(
    ClosureDay,
    fields=("date", "unit_code", "reason", "created_by"),
    unit_code=lambda closure: closure.unit_code,
)
audited(DeadlineRuleSet, fields=("name", "effective_from", "legal_basis"))
audited(DeadlineRule, fields=("rule_set", "step", "working_days", "basis"))
