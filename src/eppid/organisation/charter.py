"""The service charter (maklumat pelayanan, Perki 1/2021 Pasal 47-48) and its statutory defaults.

A unit that has not written its own charter text still owes citizens the terms the law sets, so
an empty field shows the statutory text, marked as the default, instead of a blank. The numbers
of working days in that text come from the deadline rule set in force (``eppid.law``), never
from this module: when the law changes, the charter follows on the day it comes into force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eppid.law.deadlines import deadline_days_in_force
from eppid.law.models import DeadlineStep

CHARTER_LABELS = {
    "charter_legal_basis": gettext_lazy("Legal basis"),
    "charter_procedure": gettext_lazy("Procedure"),
    "charter_completion_time": gettext_lazy("Completion time"),
    "charter_cost": gettext_lazy("Cost"),
    "charter_guarantee": gettext_lazy("Service guarantee"),
    "charter_complaints": gettext_lazy("Objections and complaints"),
}

CHARTER_FIELDS = tuple(CHARTER_LABELS)

# The placeholder each step's number fills in the texts below and in the home page.
DEADLINE_PLACEHOLDERS = {
    DeadlineStep.REQUEST_RESPONSE: "response_days",
    DeadlineStep.REQUEST_EXTENSION: "extension_days",
    DeadlineStep.OBJECTION_FILING: "objection_days",
    DeadlineStep.OBJECTION_RESPONSE: "objection_response_days",
    DeadlineStep.DISPUTE_FILING: "dispute_days",
}


def statutory_deadlines(on_date: date | None = None) -> dict[str, int] | None:
    """The working days the public texts state, keyed by placeholder, from the rules in force.

    ``on_date`` defaults to today in Jakarta. None when the rules in force lack any of them: the
    texts then speak of "the time limits set by law" rather than show a wrong number.
    """
    in_force = deadline_days_in_force(on_date or timezone.localdate())
    if not all(step in in_force for step in DEADLINE_PLACEHOLDERS):
        return None
    return {name: in_force[step] for step, name in DEADLINE_PLACEHOLDERS.items()}


def charter_defaults(on_date: date | None = None) -> dict[str, str]:
    """The statutory text of each charter field, in the active language, for ``on_date``."""
    days = statutory_deadlines(on_date)
    if days is None:
        completion_time = _(
            "A written notice within the time limit set by law after the request is received. The "
            "PPID may extend this once, within the limit set by law, giving written reasons."
        )
        complaints = _(
            "If you disagree with the answer, or receive none in time, you may file an objection with "
            "the atasan PPID, and then bring a dispute to the Information Commission, within the time "
            "limits set by law."
        )
    else:
        completion_time = (
            _(
                "A written notice within %(response_days)s working days after the request is received. "
                "The PPID may extend this once, by at most %(extension_days)s working days, giving "
                "written reasons."
            )
            % days
        )
        complaints = (
            _(
                "If you disagree with the answer, or receive none in time, you may file an objection with "
                "the atasan PPID within %(objection_days)s working days. The atasan PPID answers within "
                "%(objection_response_days)s working days; you may then bring a dispute to the "
                "Information Commission within %(dispute_days)s working days."
            )
            % days
        )
    return {
        "charter_legal_basis": _(
            "Law 14 of 2008 on Public Information Disclosure; Information Commission Regulation 1 of "
            "2021 on Public Information Service Standards; Bawaslu Regulation 10 of 2019 on the "
            "Management and Service of Public Information, as amended by Bawaslu Regulation 1 of 2022."
        ),
        "charter_procedure": _(
            "Submit a request in person, by post, by email or online, stating your name, address and "
            "contact, the information you need, why you need it and how you want to receive it. You "
            "receive a registration number as proof of your request, and a written notice of the "
            "decision."
        ),
        "charter_completion_time": completion_time,
        "charter_cost": _(
            "The service is free of charge. Only the actual cost of copying or delivering the "
            "information may be charged; electronic copies are free."
        ),
        "charter_guarantee": _(
            "Requests are handled in order, on time and at low cost, by trained staff, with your "
            "personal data protected; every step can be tracked with your registration number."
        ),
        "charter_complaints": complaints,
    }


@dataclass(frozen=True)
class CharterItem:
    field: str
    label: str
    text: str
    is_default: bool


def charter_items(profile, on_date: date | None = None) -> list[CharterItem]:
    """Each charter entry with the unit's own text, or the statutory default when it has none."""
    defaults = charter_defaults(on_date)
    items = []
    for field in CHARTER_FIELDS:
        own = (getattr(profile, field, "") or "").strip()
        items.append(
            CharterItem(
                field=field,
                label=str(CHARTER_LABELS[field]),
                text=own or defaults[field],
                is_default=not own,
            )
        )
    return items
