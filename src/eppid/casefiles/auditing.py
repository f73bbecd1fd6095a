"""Declared auditing of a case file and its timeline, the same for every kind (integrity.registry).

Encrypted personal fields enter the record's content hash as a keyed HMAC of their plaintext,
never as plaintext; descriptions name only the case file's number, never a person.
"""

from __future__ import annotations

from collections.abc import Callable

from eppid.casefiles.models import EVENT_FIELDS
from eppid.integrity.registry import audited


def case_file_audited(model, *, fields, describe: Callable[[object], str]) -> None:
    """Declare ``model`` (a ``CaseFile``) and its timeline (``model.events``) audited; ``describe``
    names a case file in findings, e.g. "request 35.04-2026-00001"."""
    audited(model, fields=fields, unit_code=lambda case: case.unit.code, describe=describe)
    event_model = model._meta.get_field("events").related_model
    case_field = event_model.CASE_FIELD
    audited(
        event_model,
        fields=(case_field, *EVENT_FIELDS),
        unit_code=lambda event: getattr(event, case_field).unit.code,
        describe=lambda event: f"event {event.kind} of {describe(getattr(event, case_field))}",
    )
