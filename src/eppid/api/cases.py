"""What the API answers alike for every case file (requests, objections): the log entry of the
creation, the public history, the rule set followed, absolute links; and on the staff side the
list filters and the one rule for unmasking a requester's NIK."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from eppid.api.types import Line
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission


class AuditOut(Schema):
    leaf_index: int
    leaf_hash: str


class HistoryOut(Schema):
    at: datetime
    status: str


class RulesOut(Schema):
    name: str
    regime: str = Field(description="general (public information) or election")
    reason: str
    to_confirm: bool = Field(description="Some numbers are still to be confirmed against the official text")


class Filters(Schema):
    status: Line | None = Field(None, max_length=20)
    overdue: bool = False


def absolute(http: HttpRequest, path: str | None) -> str | None:
    return http.build_absolute_uri(path) if path else None


def audit_body(result) -> dict:
    """The creation's log entry of a service's result (``leaf_index``, ``leaf_hash``)."""
    return {"leaf_index": result.leaf_index, "leaf_hash": result.leaf_hash}


def history_body(events) -> list[dict]:
    """The contract's history: of the public events, those that changed the status (a moved
    deadline shows in the ``due_date``)."""
    return [{"at": event.at, "status": event.status_after} for event in events if event.status_after]


def rules_out(rules) -> dict:
    """A ``RulesExplained`` (eppid.disclosure.case_rules) as the API gives it."""
    return {
        "name": rules.name,
        "regime": rules.rule_set.regime if rules.rule_set else "",
        "reason": str(rules.why),
        "to_confirm": rules.to_confirm,
    }


def unmask_refused() -> ValidationError:
    message = _("Lists never show full identity numbers: ask on one request or objection.")
    return ValidationError({"unmask": [message]})


def list_unmask_refuse(http) -> None:
    """A list never unmasks: any ``unmask`` parameter is refused (422)."""
    if "unmask" in http.GET:
        raise unmask_refused()


def nik_unmask_asked(http, unmask: str, unit, source) -> bool:
    """Whether to show ``source``'s full NIK: asked for (``unmask=nik``), allowed (else 403), and
    there is one. The caller records the unmask before answering."""
    if unmask not in ("", "nik"):
        raise ValidationError({"unmask": [_("Only the NIK can be unmasked: unmask=nik.")]})
    if not unmask:
        return False
    if not user_has_permission(http.auth, Permission.UNMASK_PERSONAL_DATA, unit):
        raise PermissionDenied
    return bool(source.nik)


UNMASK_DESCRIPTION = (
    "nik: show the full NIK. Only for a role that may unmask personal data (unmask_personal_data: "
    "the PPID and the superior of the unit; others get 403); each unmask is recorded in the "
    "request's timeline and the transparency log, exactly as the console's \"Show the full NIK\"."
)

IDEMPOTENCY_HEADER = (
    "Optional. A key you choose for this submission (8-255 visible characters; a new UUID is best). "
    "Sent again with the same fields and files, it answers 201 with what it filed the first time "
    "(the same number and tracking code) instead of filing again; with other data: 422."
)
IDEMPOTENCY_HELP = (
    "Send an Idempotency-Key to retry safely after a lost answer or a 503: the same key never "
    "files twice (kept at least a day)."
)
