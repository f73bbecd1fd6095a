"""The daily clean-up of expired sessions and of the sign-ins they recorded (eppid.scheduling)."""

from django.conf import settings
from django_tasks import task

from eppid.accounts.services import sessions_clear_expired
from eppid.scheduling import periodic


@periodic("accounts.clear_expired_sessions", daily_at=lambda: settings.EPPID_RETENTION_HOUR)
@task()
def clear_expired_sessions() -> int:
    return sessions_clear_expired()
