"""What a closure day changes besides the calendar: the stored deadlines of open case files.

Deadlines are counted once and stored (a request's due date at receipt, an objection's response
date at filing), so a closure day added or removed later changes nothing by itself. ``law`` knows
no case files (requests and objections are domains above it), so each domain that stores deadlines
counted in working days registers an effect here from its ``AppConfig.ready()``, the way papers
register their renderer with ``signing`` (``paper_register``) and personal data its retention rule
with ``integrity`` (``retention_register``). ``closure_day_add`` and ``closure_day_remove`` apply
every effect inside their own transaction, after the calendar changed: the closure and the moved
deadlines are committed together or not at all (decision 1680).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ClosureChange:
    """A closure day just added (``added``) or removed, for ``unit_code`` (None: every unit), by ``actor``."""

    day: date
    unit_code: str | None
    added: bool
    actor: Any


# change -> how many stored deadlines it moved. Runs in the caller's transaction; raises
# law.deadlines.DeadlineRuleMissing when a case's rule set cannot count a step.
ClosureEffect = Callable[[ClosureChange], int]

_EFFECTS: dict[str, ClosureEffect] = {}


def closure_effect_register(name: str, effect: ClosureEffect) -> None:
    """Declare ``effect`` (e.g. "disclosure.requests"); registering the same name again replaces it."""
    _EFFECTS[str(name)] = effect


def closure_effects_apply(change: ClosureChange) -> int:
    """Run every registered effect of ``change`` (in name order); the deadlines moved in all."""
    return sum(_EFFECTS[name](change) for name in sorted(_EFFECTS))
