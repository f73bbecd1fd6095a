"""The daily removal of submission keys past their lifetime (decision 1670), with the retention run."""

from django.conf import settings
from django_tasks import task

from eppid.casefiles.once import submission_keys_expire
from eppid.scheduling import periodic


@periodic("casefiles.submission_keys_expire", daily_at=lambda: settings.EPPID_RETENTION_HOUR)
@task()
def expire_submission_keys() -> int:
    return submission_keys_expire()
