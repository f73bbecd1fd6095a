"""The daily checklist-reminder job, registered with the scheduler (eppid.scheduling)."""

from django.conf import settings
from django_tasks import task

from eppid.scheduling import periodic


@periodic("catalog.checklist_reminders", daily_at=lambda: settings.EPPID_REMINDER_HOUR)
@task()
def checklist_reminders() -> int:
    from eppid.catalog.reminders import checklist_reminders_send

    return len(checklist_reminders_send())
