"""What staff see of a requester's personal data: one rule for the console and the API.

- The NIK is masked everywhere (region code and last four digits). A user whose role may
  unmask personal data (``unmask_personal_data``) sees it in full only by asking for it on one
  request; each such view is a timeline event and a transparency-log entry
  (``services.request_nik_unmask``), never part of a list.
- Contact details (email, phone, address) are shown in full on one request, where staff answer
  the requester, and masked in lists, where the console's inbox shows only the name.
- The name, group name, legal entity number and occupation are shown as given.
- Identity documents are never part of a list or an API answer; the console's download records
  each view (``services.identity_document_open``).
"""

from __future__ import annotations

from eppid.casefiles.models import IDENTITY_ENTERED
from eppid.integrity.crypto import mask_nik

MASK = "***"
# The personal fields a list masks, in the order answers name them.
MASKED_IN_LISTS = ("nik", "email", "phone", "address")


def email_masked(value: str) -> str:
    """'siti@example.org' -> 's***@example.org' (the domain says which mailbox, not whose)."""
    local, _at, domain = (value or "").partition("@")
    if not value:
        return ""
    return f"{local[:1]}{MASK}@{domain}" if domain else MASK


def phone_masked(value: str) -> str:
    """'0355 123456' -> '*******456': the last three digits, enough to tell two numbers apart."""
    digits = [ch for ch in value or "" if ch.isdigit()]
    if len(digits) <= 3:
        return MASK if value else ""
    return "*" * (len(digits) - 3) + "".join(digits[-3:])


def text_masked(value: str) -> str:
    return MASK if value else ""


MASKS = {"nik": mask_nik, "email": email_masked, "phone": phone_masked, "address": text_masked}


def requester_for_staff(source, *, in_list: bool, nik_unmasked: bool = False) -> dict:
    """The requester of ``source`` (a request, or an objection that keeps its own identity), as
    staff may see it. ``nik_unmasked`` (one request only) once the unmask has been recorded.
    ``masked_fields`` names the fields given and shown masked in this answer."""
    hidden = set(MASKED_IN_LISTS) if in_list else {"nik"}
    if nik_unmasked and not in_list:
        hidden.discard("nik")
    plain = {name: getattr(source, name, "") or "" for name in IDENTITY_ENTERED}
    shown = {name: MASKS[name](value) if name in hidden else value for name, value in plain.items()}
    return {
        **shown,
        "nik": shown["nik"] or None,
        "nik_masked": "nik" in hidden,
        "masked_fields": [name for name in MASKED_IN_LISTS if name in hidden and plain[name]],
    }
