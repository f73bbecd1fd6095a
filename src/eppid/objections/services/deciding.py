"""The superior's decision on an objection (UU 14/2008 Pasal 35(2), 36) and its follow-up."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.casefiles.services import LifecycleError, event_add, locked, refresh
from eppid.core.journal import files_undone_on_failure
from eppid.core.text import text_clean_keyed, text_is_invisible
from eppid.law.deadlines import deadline_by_rule_set
from eppid.law.models import DeadlineStep
from eppid.law.selectors import citation_text
from eppid.objections import documents, emails
from eppid.objections.choices import ObjectionEventKind, ObjectionOutcome, ObjectionStatus
from eppid.objections.commission import dispute_window
from eppid.objections.rules import ground_of, objection_rule_set
from eppid.objections.services.common import NOTE_LIMIT, may_decide, may_handle, require


def decision_clean(*, ground, outcome, explanation) -> dict:
    """``ground``: the objection's law.LegalGround (None when unknown: then it is not settleable)."""
    errors: dict[str, list[str]] = {}
    outcome = str(outcome or "").strip()
    if outcome not in ObjectionOutcome.values:
        errors["outcome"] = [
            _("Choose one of: %(expected)s.") % {"expected": ", ".join(ObjectionOutcome.values)}
        ]
    elif outcome == ObjectionOutcome.SETTLED and not (ground is not None and ground.settleable):
        errors["outcome"] = [
            _(
                "An objection on ground (%(ground)s) cannot be settled by agreement under the law: "
                "uphold or dismiss it."
            )
            % {"ground": ground.letter if ground is not None else "?"}
        ]
    try:
        explanation = text_clean_keyed(
            explanation,
            "explanation",
            multiline=True,
            required=outcome == ObjectionOutcome.DISMISSED,
            limit=NOTE_LIMIT,
        )
    except ValidationError as error:
        message = error.message_dict["explanation"]
        if outcome == ObjectionOutcome.DISMISSED and text_is_invisible(str(explanation or "")):
            message = [
                _("Give the written reasons for dismissing the objection (%(basis)s).")
                % {"basis": citation_text("objection_reasons")}
            ]
        errors["explanation"] = message
    if errors:
        raise ValidationError(errors)
    return {"outcome": outcome, "explanation": explanation}


def _display_name(user) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:200]


def objection_decide(*, objection, actor, outcome, explanation=""):
    """Decide as the superior of the PPID of the objection's unit (PermissionDenied for anyone
    else, system administrators included); issue the signed response; email the objector."""
    require(may_decide(actor, objection.unit))
    values = decision_clean(ground=ground_of(objection), outcome=outcome, explanation=explanation)
    with files_undone_on_failure() as journal, transaction.atomic():
        row = locked(objection)
        if row.status != ObjectionStatus.RECEIVED:
            raise LifecycleError(_("This objection has already been decided."))
        now = timezone.now()
        row.outcome = values["outcome"]
        row.explanation = values["explanation"]
        row.decided_at = now
        row.decided_by = actor
        row.decided_by_name = _display_name(actor)
        row.status = ObjectionStatus.DECIDED
        row.closed_at = now
        if row.outcome == ObjectionOutcome.UPHELD:
            row.followup_due_date = deadline_by_rule_set(
                objection_rule_set(row),
                DeadlineStep.OBJECTION_FOLLOWUP,
                timezone.localtime(now).date(),
                row.unit,
            )
        # Counted once, as the response states it (decision 1680).
        row.dispute_last_day = dispute_window(row)[1]
        row.save()
        event_add(
            row,
            ObjectionEventKind.DECIDED,
            actor=actor,
            status_after=ObjectionStatus.DECIDED,
            note=row.outcome,
        )
        documents.response_issue(row, journal=journal)
        emails.decided_email(row)
    refresh(objection)
    return objection


def objection_followup_complete(*, objection, actor, note=""):
    """The PPID has provided what an upheld objection required (handle_cases or decide_objections)."""
    require(may_handle(actor, objection.unit))
    note = text_clean_keyed(note, "note", multiline=True, limit=NOTE_LIMIT)
    with transaction.atomic():
        row = locked(objection)
        if row.outcome != ObjectionOutcome.UPHELD:
            raise LifecycleError(_("Only an upheld objection has a follow-up to complete."))
        if row.followup_done_at is not None:
            raise LifecycleError(_("The follow-up of this objection is already complete."))
        row.followup_done_at = timezone.now()
        row.followup_note = note
        row.save()
        event_add(row, ObjectionEventKind.FOLLOWUP_DONE, actor=actor, note=note)
    refresh(objection)
    return objection
