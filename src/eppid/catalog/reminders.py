"""Reminders to a unit's PPID before a periodic item of the statutory checklist goes stale.

``checklist_reminders_send`` is the daily job's body (catalog/tasks.py). It is idempotent: a
reminder is a row unique per (unit, item, day it goes stale), written in the same transaction as
its queued emails, so a second run (or two workers at once) sends nothing new, and publishing the
item again re-arms the reminder for its new date.
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone

from eppid.catalog.checklist import DueItem, checklist_due
from eppid.catalog.models import ChecklistReminder
from eppid.notifications.reminders import reminder_send_once, reminders_send_each, staff_link
from eppid.organisation.models import Unit

logger = logging.getLogger("eppid.catalog")


def checklist_reminders_send(*, today: date | None = None) -> list[ChecklistReminder]:
    """Send every reminder due today; each in its own transaction, so one failure stops no other."""
    today = today or timezone.localdate()
    return reminders_send_each(
        checklist_due(today),
        lambda item: checklist_reminder_send(item=item, today=today),
        logger=logger,
        describe=lambda item: f"{item.info_type.code} for unit {item.unit_id}",
    )


def checklist_reminder_send(*, item: DueItem, today: date) -> ChecklistReminder | None:
    """Record and email one reminder; None when it was already sent."""
    unit = Unit.objects.get(pk=item.unit_id)
    if ChecklistReminder.objects.filter(unit=unit, info_type=item.info_type, stale_on=item.stale_on).exists():
        return None
    return reminder_send_once(
        unit=unit,
        record=lambda recipient_count: ChecklistReminder.objects.create(
            unit=unit, info_type=item.info_type, stale_on=item.stale_on, recipient_count=recipient_count
        ),
        templates=("catalog/email/reminder_subject.txt", "catalog/email/reminder_body.txt"),
        context={
            "unit": unit,
            "item": item.info_type,
            "last_published": timezone.localtime(item.last_published),
            "stale_on": item.stale_on,
            "months": item.info_type.renewal_months,
            "link": staff_link("office:catalog-checklist", code=unit.code),
        },
        reference=f"catalog:{unit.code}:{item.info_type.code}:{item.stale_on.isoformat()}",
    )
