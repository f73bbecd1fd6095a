"""Periodic job: remind the superiors of the PPID of objection responses that fall due."""

from django_tasks import task

from eppid.objections.reminders import objection_reminders_send
from eppid.scheduling import periodic


@periodic("objections.deadline_reminders", daily_at=7)
@task()
def objection_deadline_reminders() -> int:
    return objection_reminders_send()
