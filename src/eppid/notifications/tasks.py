"""The outbox's tasks: deliver one email (enqueued after commit) and re-enqueue due retries."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from eppid.notifications import services
from eppid.notifications.delivery import failure_describe, message_build
from eppid.scheduling import periodic


@task()
def email_deliver(email_id: int) -> str:
    email = services.email_claim(email_id, timezone.now())
    if email is None:
        return "skipped"
    try:
        message_build(email).send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded and retried, never lost
        reason, permanent = failure_describe(error)
        email = services.email_attempt_record(email_id, error=reason, permanent=permanent)
        return email.status
    services.email_attempt_record(email_id)
    return "sent"


@periodic("notifications.email_retry", every=timedelta(minutes=1))
@task()
def email_retry_due() -> int:
    return services.emails_due_enqueue()
