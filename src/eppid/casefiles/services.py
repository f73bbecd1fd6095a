"""What every case-file service shares: numbering, timeline events, locking, signed papers.

Requests (``eppid.disclosure``) and objections (``eppid.objections``) call these with their own
models; each keeps only its own number format and rules.
"""

from __future__ import annotations

import hashlib
import re

from django.db import connection
from django.utils import timezone

from eppid.casefiles.choices import DEADLINE_MOVED
from eppid.casefiles.deadline_notes import deadline_moved_note
from eppid.casefiles.models import IDENTITY_ENCRYPTED, IDENTITY_PLAIN, CaseCounter
from eppid.integrity.crypto import blind_index
from eppid.integrity.fields import encrypted_file_write
from eppid.law.calendar import WorkingCalendar
from eppid.signing.selectors import document_url as signed_document_url
from eppid.signing.services import awaiting_render, document_issue


class LifecycleError(Exception):
    """The action is not allowed in the case file's current state (the API answers 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


REFERENCE_SHAPE = re.compile(r"[A-Za-z0-9.\-]{1,40}")


def tracking_hash_of(code: str) -> str:
    """What is stored of a tracking code: its SHA-256, never the code."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def reference_shaped(value) -> str | None:
    """A registration or objection number as given, or None when it cannot be one: such text
    (a NUL byte, say, which PostgreSQL refuses) never reaches a query."""
    text = str(value or "")
    return text if REFERENCE_SHAPE.fullmatch(text) else None


def sequence_take(kind: str, unit, year: int) -> int:
    """The next gapless sequence of ``kind`` ("request", "objection") for (unit, year); the counter
    row stays locked until the caller's transaction ends, so a rollback gives the number back.

    One statement when the row exists (the UPDATE takes the row lock and returns the new value);
    the first case file of a kind, unit and year creates the row.
    """
    table = connection.ops.quote_name(CaseCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "last" = "last" + 1 '  # noqa: S608  # nosec B608 - names are ours
            'WHERE "kind" = %s AND "unit_id" = %s AND "year" = %s RETURNING "last"',
            [kind, unit.pk, year],
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(kind=kind, unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def identity_apply(case, fields: dict, *, nik: str = "", files=None, journal=None) -> None:
    """Give the unsaved ``case`` its requester identity from checked input: the typed fields as
    given (plain, or encrypted by their fields), the NIK encrypted with its blind index, and each
    checked document (``{field: checked upload or None}``) encrypted to storage, its name on
    ``journal`` so that a failed transaction deletes it again."""
    for key in (*IDENTITY_PLAIN, *IDENTITY_ENCRYPTED):
        setattr(case, key, fields.get(key, ""))
    case.nik = nik or None
    case.nik_index = blind_index(nik, purpose="nik") if nik else ""
    for key, checked in (files or {}).items():
        if checked is not None:
            journal.add(encrypted_file_write(case, key, checked.content))
            setattr(case, f"{key}_type", checked.content_type)


def event_add(case, kind: str, *, actor=None, status_after: str = "", note: str = "", at=None):
    """Append a step to the timeline of ``case`` (its ``events``); an anonymous actor is none."""
    events = case.events
    return events.model.objects.create(
        **{events.field.name: case},
        kind=kind,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        status_after=status_after,
        note=note,
    )


def locked(case):
    """The case file's row, locked for the rest of the transaction, as it is now."""
    return (
        type(case).objects.select_for_update(of=("self",), no_key=True).select_related("unit").get(pk=case.pk)
    )


def cases_around_closure(rows, open_statuses, change):
    """The case files of ``rows`` a closure change may move (decision 1680), locked, in id order:
    still open (one of ``open_statuses``), of the closure's unit (every unit for a closure of all),
    whose period runs over the day: received before it, due on it or later. Their unit comes along
    (not locked, as ``locked`` does)."""
    rows = rows.filter(status__in=open_statuses, received_on__lt=change.day, due_date__gte=change.day)
    if change.unit_code is not None:
        rows = rows.filter(unit__code=change.unit_code)
    return rows.select_for_update(of=("self",), no_key=True).select_related("unit").order_by("pk")


def cases_follow_closure(rows, open_statuses, change, recount) -> int:
    """Count again the deadlines of the case files ``change`` may move (``cases_around_closure``):
    ``recount(case, calendar)`` gives {field: date} on the case's unit calendar, its due date under
    ``"due_date"``; a case whose dates changed is saved (audited) with its timeline event. Returns
    how many moved."""
    calendars: dict[str, WorkingCalendar] = {}
    moved = 0
    for case in cases_around_closure(rows, open_statuses, change):
        calendar = calendars.setdefault(case.unit.code, WorkingCalendar(case.unit.code))
        dates = recount(case, calendar)
        if all(getattr(case, name) == value for name, value in dates.items()):
            continue  # e.g. the unit was already closed that day for another reason
        for name, value in dates.items():
            setattr(case, name, value)
        case.save()
        case_deadline_moved(case, change, dates["due_date"])
        moved += 1
    return moved


def case_deadline_moved(case, change, due) -> None:
    """The timeline event of ``case``'s deadline moved to ``due`` by ``change`` (a law
    ``ClosureChange``), by whoever changed the calendar."""
    note = deadline_moved_note(due, change.day, added=change.added)
    event_add(case, DEADLINE_MOVED, actor=change.actor, note=note)


def refresh(case) -> None:
    """Bring the caller's instance up to date after a service changed the row."""
    case.refresh_from_db()


def paper_issue(holder, field: str, *, unit, kind: str, reference: str, pdf: bytes, journal=None):
    """Issue a signed paper of a case file and link it as ``holder.<field>``; the caller holds the
    transaction (eppid.signing: pending while the signer is unavailable, never served unsigned)."""
    doc = document_issue(unit=unit, kind=kind, reference=reference, pdf=pdf, journal=journal)
    setattr(holder, field, doc)
    holder.save()
    return doc


def document_url(doc) -> str | None:
    """The capability path of a signed document (404 while its signing is pending); None for none."""
    return signed_document_url(doc) if doc is not None else None


def document_ready_url(doc) -> str:
    """The path once ``doc`` can be fetched: signed, or registered and still to be laid out (its
    URL finishes it when fetched, decision 1660); "" while its signer is unavailable (for pages)."""
    if doc is None or not (doc.is_signed or awaiting_render(doc)):
        return ""
    return signed_document_url(doc)
