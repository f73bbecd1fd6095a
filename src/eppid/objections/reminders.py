"""Reminders to the unit's superiors of the PPID: 3 and 1 working days before an objection's
response is due, and once when it is overdue. Each (objection, kind) is sent once
(ObjectionReminder, unique): the job may run late, twice, or after a crash."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.services import event_add
from eppid.disclosure.papers import day
from eppid.law.calendar import WorkingCalendar
from eppid.notifications.services import email_queue
from eppid.objections.choices import ObjectionEventKind, ObjectionStatus, ReminderKind
from eppid.objections.models import Objection, ObjectionReminder
from eppid.objections.services.common import _roles_granting
from eppid.organisation.roles import Permission

SUBJECT = _("Objection %(number)s: response due %(due)s")
BODY = {
    ReminderKind.BEFORE_3: _("The response to objection %(number)s is due in 3 working days, on %(due)s."),
    ReminderKind.BEFORE_1: _("The response to objection %(number)s is due in 1 working day, on %(due)s."),
    ReminderKind.OVERDUE: _(
        "The response to objection %(number)s was due on %(due)s and has not been given. The "
        "objector may now take the matter to the Information Commission."
    ),
}


def reminder_kind(objection, today: date, calendar: WorkingCalendar) -> str | None:
    if today > objection.due_date:
        return ReminderKind.OVERDUE
    left = calendar.working_days_between(today, objection.due_date)
    if left <= 1:
        return ReminderKind.BEFORE_1
    if left <= 3:
        return ReminderKind.BEFORE_3
    return None


def superiors_emails(unit) -> list[str]:
    users = get_user_model().objects.filter(
        memberships__unit=unit,
        memberships__role__in=_roles_granting(Permission.DECIDE_OBJECTIONS),
        is_active=True,
    )
    return sorted({user.email for user in users.distinct() if user.email})


def _send(objection, kind: str) -> bool:
    with transaction.atomic():
        row = (
            Objection.objects.select_for_update(of=("self",), no_key=True)
            .select_related("unit")
            .get(pk=objection.pk)
        )
        if (
            row.status != ObjectionStatus.RECEIVED
            or ObjectionReminder.objects.filter(objection=row, kind=kind).exists()
        ):
            return False
        recipients = superiors_emails(row.unit)
        values = {"number": row.number, "due": day(row.due_date)}
        with translation.override("id"):
            subject, body = str(SUBJECT) % values, str(BODY[kind]) % values
        with translation.override("en"):
            body += "\n\n---\n\n" + str(BODY[kind]) % values
        for address in recipients:
            email_queue(to=address, subject=subject, body=body, unit=row.unit, reference=row.number)
        ObjectionReminder.objects.create(
            objection=row, kind=kind, sent_at=timezone.now(), recipients=len(recipients)
        )
        event_add(row, ObjectionEventKind.REMINDER_SENT, note=kind)
    return True


def objection_reminders_send(today: date | None = None) -> int:
    """Send every reminder that is due and not yet sent; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    calendars: dict[int, WorkingCalendar] = {}
    for objection in Objection.objects.filter(status=ObjectionStatus.RECEIVED).select_related("unit"):
        calendar = calendars.setdefault(objection.unit_id, WorkingCalendar(objection.unit))
        kind = reminder_kind(objection, today, calendar)
        if kind is None:
            continue
        try:
            sent += _send(objection, kind)
        except IntegrityError:
            continue  # another run sent it at the same moment
    return sent
