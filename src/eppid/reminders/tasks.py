"""The daily deadline-reminder job, registered with the scheduler (eppid.scheduling)."""

from django.conf import settings
from django_tasks import task

from eppid.reminders.services import reminders_send
from eppid.scheduling import periodic


@periodic("reminders.deadline_reminders", daily_at=lambda: settings.EPPID_REMINDER_HOUR)
@task()
def deadline_reminders() -> int:
    return len(reminders_send())
