"""What the transparency log records of this app's models (see eppid.integrity.registry)."""

from eppid.integrity.registry import audited
from eppid.law.models import (
    ClosureDay,
    DeadlineRule,
    DeadlineRuleSet,
    ElectionPeriod,
    LegalGround,
    LegalReference,
    YearlyDeadline,
)

audited(
    ClosureDay,
    fields=("date", "unit_code", "reason", "created_by"),
    unit_code=lambda closure: closure.unit_code,
)
audited(DeadlineRuleSet, fields=("name", "regime", "effective_from", "legal_basis"))
audited(DeadlineRule, fields=("rule_set", "step", "working_days", "basis", "to_confirm"))
audited(
    ElectionPeriod,
    fields=("name", "starts_on", "ends_on", "unit_code", "basis", "created_by"),
    unit_code=lambda period: period.unit_code,
    describe=lambda period: period.name,
)
audited(
    LegalGround,
    fields=(
        "kind",
        "code",
        "letter",
        "article",
        "label_id",
        "label_en",
        "text_id",
        "text_en",
        "guidance_id",
        "guidance_en",
        "condition",
        "settleable",
        "source",
        "effective_from",
        "effective_until",
        "to_confirm",
        "to_confirm_note",
        "position",
    ),
    describe=lambda ground: f"{ground.kind} {ground.code}",
)

audited(
    YearlyDeadline,
    fields=(
        "duty",
        "effective_from",
        "due_month",
        "due_day",
        "remind_from_month",
        "remind_from_day",
        "basis",
        "to_confirm",
    ),
)

audited(
    LegalReference,
    fields=(
        "key",
        "citation_id",
        "citation_en",
        "source",
        "effective_from",
        "effective_until",
        "to_confirm",
        "to_confirm_note",
    ),
    describe=lambda reference: reference.key,
)
