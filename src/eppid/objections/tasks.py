"""Periodic job: remind the superiors of the PPID of objection responses that fall due."""

from django.conf import settings
from django_tasks import task

from eppid.objections.reminders import objection_reminders_send
from eppid.scheduling import periodic


# The same hour as the reminders of requests (eppid.reminders): one morning round of mail.
@periodic("objections.deadline_reminders", daily_at=lambda: settings.EPPID_REMINDER_HOUR)
@task()
def objection_deadline_reminders() -> int:
    return objection_reminders_send()
