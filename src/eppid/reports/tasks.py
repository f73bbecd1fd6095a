"""The daily job of the reports app, registered with the scheduler (eppid.scheduling): the
weekly reminder to issue the annual report of the year before."""

from django.conf import settings
from django_tasks import task

from eppid.reports.annual_reminders import annual_report_reminders_send
from eppid.scheduling import periodic


@periodic("reports.annual_report_reminders", daily_at=lambda: settings.EPPID_REMINDER_HOUR)
@task()
def annual_report_reminders() -> int:
    return len(annual_report_reminders_send())
