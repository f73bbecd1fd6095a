"""Pieces every request service shares: errors, numbering, deadlines, events, file clean-up."""

from __future__ import annotations

import contextlib
import hashlib
import re
from contextlib import contextmanager
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.disclosure.choices import OPEN_STATUSES
from eppid.disclosure.models import InformationRequest, RequestCounter, RequestEvent
from eppid.law.calendar import WorkingCalendar
from eppid.law.deadlines import DeadlineRuleMissing, deadline_by_rule_set
from eppid.law.models import DeadlineStep
from eppid.law.selectors import RuleChoice, rules_for_receipt


class LifecycleError(Exception):
    """The action is not allowed in the request's current state (the API answers 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def tracking_hash_of(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


REFERENCE_SHAPE = re.compile(r"[A-Za-z0-9.\-]{1,40}")


def reference_shaped(value) -> str | None:
    """A registration or objection number as given, or None when it cannot be one: such text
    (a NUL byte, say, which PostgreSQL refuses) never reaches a query."""
    text = str(value or "")
    return text if REFERENCE_SHAPE.fullmatch(text) else None


def registration_number_format(unit_code: str, year: int, sequence: int) -> str:
    return f"{unit_code}-{year}-{sequence:05d}"


def sequence_take(unit, year: int) -> int:
    """The next gapless sequence for (unit, year): the counter row is locked until commit.

    One statement when the row exists (the UPDATE takes the row lock and returns the new value);
    the first request of a unit and year creates the row.
    """
    table = connection.ops.quote_name(RequestCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "last" = "last" + 1 WHERE "unit_id" = %s AND "year" = %s RETURNING "last"',  # noqa: S608  # nosec B608
            [unit.pk, year],
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    counter, _created = RequestCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def deadlines_for_receipt(
    received_at: datetime, unit, *, election_information: bool = False
) -> tuple[date, date, RuleChoice]:
    """(received_on, due_date, rules) of a request received at ``received_at`` by ``unit``.

    The rules are chosen on the day it counts as received: election information inside a
    declared election period for the unit follows the election rule set, anything else the
    public-information one (law.selectors.rules_for_receipt).
    """
    calendar = WorkingCalendar(unit)  # one read of the closure days serves both dates
    received_on = calendar.receipt_date(timezone.localtime(received_at).date())
    try:
        rules = rules_for_receipt(
            unit_code=unit.code, received_on=received_on, election_information=election_information
        )
        due = deadline_by_rule_set(
            rules.rule_set, DeadlineStep.REQUEST_RESPONSE, received_on, unit, calendar=calendar
        )
    except DeadlineRuleMissing as error:
        raise ValidationError({"received_at": [str(error)]}) from error
    return received_on, due, rules


def event_add(
    request, kind: str, *, actor=None, status_after: str = "", note: str = "", at=None
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        status_after=status_after,
        note=note,
    )


def locked(request) -> InformationRequest:
    """The request row, locked for the rest of the transaction, as it is now."""
    return (
        InformationRequest.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit")
        .get(pk=request.pk)
    )


def require_open(request, action: str) -> None:
    if request.status not in OPEN_STATUSES:
        raise LifecycleError(
            _("A request that is %(status)s cannot be %(action)s.")
            % {"status": request.get_status_display().lower(), "action": action}
        )


class FileJournal:
    """Files written during a transaction; deleted again when the transaction does not commit."""

    def __init__(self):
        self.names: list[str] = []

    def add(self, name: str) -> str:
        if name:
            self.names.append(name)
        return name

    def discard(self) -> None:
        for name in self.names:
            with contextlib.suppress(OSError):  # nothing more can be done here
                default_storage.delete(name)


@contextmanager
def files_undone_on_failure():
    journal = FileJournal()
    try:
        yield journal
    except BaseException:
        journal.discard()
        raise


def refresh(request) -> None:
    """Bring the caller's instance up to date after a service changed the row."""
    request.refresh_from_db()
