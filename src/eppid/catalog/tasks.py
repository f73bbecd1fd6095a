"""The daily jobs of the information list, registered with the scheduler (eppid.scheduling):
checklist reminders to the PPID, and the end of exemptions (consequence tests)."""

from django.conf import settings
from django_tasks import task

from eppid.catalog.exemptions import exemptions_expire as expire
from eppid.catalog.reminders import checklist_reminders_send
from eppid.scheduling import periodic


@periodic("catalog.checklist_reminders", daily_at=lambda: settings.EPPID_REMINDER_HOUR)
@task()
def checklist_reminders() -> int:
    return len(checklist_reminders_send())


# Just after midnight, Asia/Jakarta: on the day after an exemption's last day its entry is open.
EXEMPTION_EXPIRY_HOUR = 0


@periodic("catalog.exemptions_expire", daily_at=EXEMPTION_EXPIRY_HOUR)
@task()
def exemptions_expire() -> int:
    return len(expire())
