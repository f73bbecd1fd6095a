"""The daily deadline-reminder job, registered with the scheduler (eppid.scheduling)."""

from django_tasks import task

from eppid.scheduling import periodic

REMINDER_HOUR = 7  # Asia/Jakarta: before the offices open


@periodic("reminders.deadline_reminders", daily_at=REMINDER_HOUR)
@task()
def deadline_reminders() -> int:
    from eppid.reminders.services import reminders_send

    return len(reminders_send())
