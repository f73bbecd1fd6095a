"""The service charter (maklumat pelayanan, Perki 1/2021 Pasal 47-48) and its statutory defaults.

A unit that has not written its own charter text still owes citizens the terms the law sets, so
an empty field shows the statutory text, marked as the default, instead of a blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CHARTER_DEFAULTS = {
    "charter_legal_basis": _(
        "Law 14 of 2008 on Public Information Disclosure; Information Commission Regulation 1 of 2021 "
        "on Public Information Service Standards; Bawaslu Regulation 10 of 2019 on the Management "
        "and Service of Public Information, as amended by Bawaslu Regulation 1 of 2022."
    ),
    "charter_procedure": _(
        "Submit a request in person, by post, by email or online, stating your name, address and "
        "contact, the information you need, why you need it and how you want to receive it. You "
        "receive a registration number as proof of your request, and a written notice of the "
        "decision."
    ),
    "charter_completion_time": _(
        "A written notice within 10 working days after the request is received. The PPID may "
        "extend this once, by at most 7 working days, giving written reasons."
    ),
    "charter_cost": _(
        "The service is free of charge. Only the actual cost of copying or delivering the "
        "information may be charged; electronic copies are free."
    ),
    "charter_guarantee": _(
        "Requests are handled in order, on time and at low cost, by trained staff, with your "
        "personal data protected; every step can be tracked with your registration number."
    ),
    "charter_complaints": _(
        "If you disagree with the answer, or receive none in time, you may file an objection with "
        "the atasan PPID within 30 working days. The atasan PPID answers within 30 working days; "
        "you may then bring a dispute to the Information Commission within 14 working days."
    ),
}

CHARTER_LABELS = {
    "charter_legal_basis": _("Legal basis"),
    "charter_procedure": _("Procedure"),
    "charter_completion_time": _("Completion time"),
    "charter_cost": _("Cost"),
    "charter_guarantee": _("Service guarantee"),
    "charter_complaints": _("Objections and complaints"),
}

CHARTER_FIELDS = tuple(CHARTER_DEFAULTS)


@dataclass(frozen=True)
class CharterItem:
    field: str
    label: str
    text: str
    is_default: bool


def charter_items(profile) -> list[CharterItem]:
    """Each charter entry with the unit's own text, or the statutory default when it has none."""
    items = []
    for field in CHARTER_FIELDS:
        own = (getattr(profile, field, "") or "").strip()
        items.append(
            CharterItem(
                field=field,
                label=str(CHARTER_LABELS[field]),
                text=own or str(CHARTER_DEFAULTS[field]),
                is_default=not own,
            )
        )
    return items
