"""Reminders to a unit's PPID before a periodic item of the statutory checklist goes stale.

``checklist_reminders_send`` is the daily job's body (catalog/tasks.py). It is idempotent: a
reminder is a row unique per (unit, item, day it goes stale), written in the same transaction as
its queued emails, so a second run (or two workers at once) sends nothing new, and publishing the
item again re-arms the reminder for its new date.
"""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from eppid.catalog.checklist import DueItem, checklist_due
from eppid.catalog.models import ChecklistReminder
from eppid.notifications.services import email_queue
from eppid.organisation.models import Unit
from eppid.organisation.roles import ROLE_PERMISSIONS, Permission

logger = logging.getLogger("eppid.catalog")

STAFF_LANGUAGE = "id"


def publisher_roles() -> list[str]:
    """The roles that publish the information list (the PPID): they get the reminders."""
    return sorted(
        role for role, granted in ROLE_PERMISSIONS.items() if Permission.PUBLISH_INFORMATION in granted
    )


def publishers_to_remind(unit) -> list:
    return list(
        get_user_model()
        .objects.filter(memberships__unit=unit, memberships__role__in=publisher_roles(), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def checklist_path(unit) -> str:
    """The unit's checklist page in the console (Indonesian: staff mail is Indonesian)."""
    from django.conf import settings

    with translation.override(STAFF_LANGUAGE):
        path = reverse("office:catalog-checklist", kwargs={"code": unit.code})
    return settings.EPPID_PUBLIC_URL.rstrip("/") + path


def checklist_reminders_send(*, today: date | None = None) -> list[ChecklistReminder]:
    """Send every reminder due today; each in its own transaction, so one failure stops no other."""
    today = today or timezone.localdate()
    sent = []
    for item in checklist_due(today):
        try:
            reminder = checklist_reminder_send(item=item, today=today)
        except Exception:  # one broken unit must not stop the others' reminders
            logger.exception("checklist reminder %s for unit %s failed", item.info_type.code, item.unit_id)
            continue
        if reminder is not None:
            sent.append(reminder)
    return sent


def checklist_reminder_send(*, item: DueItem, today: date) -> ChecklistReminder | None:
    """Record and email one reminder; None when it was already sent."""
    with transaction.atomic():
        unit = Unit.objects.get(pk=item.unit_id)
        if ChecklistReminder.objects.filter(
            unit=unit, info_type=item.info_type, stale_on=item.stale_on
        ).exists():
            return None
        recipients = publishers_to_remind(unit)
        try:
            with transaction.atomic():
                reminder = ChecklistReminder.objects.create(
                    unit=unit,
                    info_type=item.info_type,
                    stale_on=item.stale_on,
                    recipient_count=len(recipients),
                )
        except IntegrityError:
            return None  # another run got there first
        with translation.override(STAFF_LANGUAGE):
            context = {
                "unit": unit,
                "item": item.info_type,
                "last_published": timezone.localtime(item.last_published),
                "stale_on": item.stale_on,
                "months": item.info_type.renewal_months,
                "link": checklist_path(unit),
            }
            subject = render_to_string("catalog/email/reminder_subject.txt", context).strip()
            body = render_to_string("catalog/email/reminder_body.txt", context)
        for person in recipients:
            email_queue(
                to=person.email,
                subject=subject,
                body=body,
                unit=unit,
                reference=f"catalog:{unit.code}:{item.info_type.code}:{item.stale_on.isoformat()}",
            )
    return reminder
