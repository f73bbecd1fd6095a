"""The outbox: queue an email inside a business transaction; the worker delivers it after commit.

    email_queue(to=..., subject=..., body=..., unit=unit, reference=number,
                attachments=[("tanda-bukti.pdf", pdf_bytes, "application/pdf")])

If the surrounding transaction rolls back, nothing is queued and nothing is sent.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.integrity.fields import encrypted_file_write
from eppid.notifications.models import EmailStatus, OutboundAttachment, OutboundEmail

logger = logging.getLogger("eppid.notifications")

SUBJECT_MAX = 200
ATTACHMENT_NAME_MAX = 200
# What one delivery attempt reads and writes: never the encrypted address and body.
_ATTEMPT_FIELDS = ["claimed_until", "attempts", "status", "sent_at", "last_error", "next_attempt_at"]


def claim_lease() -> timedelta:
    """How long one delivery may take before another worker may try the same email again."""
    return timedelta(seconds=max(600, settings.EMAIL_TIMEOUT * 4))


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt (1-based): 1, 5, 15, 60, 240 min by default."""
    steps = settings.EPPID_EMAIL_RETRY_MINUTES or [5]
    return timedelta(minutes=steps[min(attempts, len(steps)) - 1])


def _clean_subject(subject: str) -> str:
    # A newline in a header would let text become another header: one line, always.
    return " ".join(str(subject).split())[:SUBJECT_MAX]


def _clean_filename(name: str) -> str:
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"\r\n')
    return name.strip()[:ATTACHMENT_NAME_MAX] or "attachment"


def delivery_enqueue(email_id: int) -> None:
    """Hand an email to the task worker (never raises: the retry job picks up what is left)."""
    # local: cycle: notifications.tasks imports this module
    from eppid.notifications.tasks import email_deliver

    try:
        email_deliver.enqueue(email_id)
    except Exception:
        logger.exception("Email %s could not be handed to the task worker; the retry job will", email_id)


def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    unit=None,
    reference: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
    list_unsubscribe: str = "",
) -> OutboundEmail:
    """Store an email in the outbox; it is handed to the worker when the transaction commits.

    ``list_unsubscribe``: an http(s) address that unsubscribes the recipient with one POST (sent
    as the List-Unsubscribe and List-Unsubscribe-Post headers).
    """
    to = str(to or "").strip()
    list_unsubscribe = str(list_unsubscribe or "").strip()
    if list_unsubscribe and (
        not list_unsubscribe.startswith(("https://", "http://"))
        or any(not char.isprintable() or char in " <>" for char in list_unsubscribe)
    ):
        raise ValidationError({"list_unsubscribe": [_("An unsubscribe address must be a web address.")]})
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError({"to": [_("Enter a valid email address.")]}) from None
    subject = _clean_subject(subject)
    if not subject:
        raise ValidationError({"subject": [_("An email needs a subject.")]})
    now = timezone.now()
    # No savepoint of its own (two round trips saved): everything that can be refused is checked
    # above; a failure below rolls back the caller's transaction, as it must.
    with transaction.atomic(savepoint=False):
        email = OutboundEmail(
            to=to,
            subject=subject,
            body=str(body),
            unit=unit,
            reference=str(reference)[:100],
            list_unsubscribe=list_unsubscribe or None,
            status=EmailStatus.QUEUED,
            next_attempt_at=now + claim_lease(),  # a retry, should the hand-over below be lost
            created_at=now,
        )
        email.save()
        for filename, content, content_type in attachments:
            content = bytes(content)
            attachment = OutboundAttachment(
                email=email,
                filename=_clean_filename(filename),
                content_type=str(content_type or "application/octet-stream")[:100],
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                created_at=now,
            )
            encrypted_file_write(attachment, "content", content)
            attachment.save()
        transaction.on_commit(lambda: delivery_enqueue(email.pk), robust=True)
    return email


def email_retry_now(*, email: OutboundEmail, actor) -> OutboundEmail:
    """Staff ask for another attempt at once (after fixing the mail server, or a failed email)."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        now = timezone.now()
        if email.status == EmailStatus.SENT:
            raise ValidationError(_("This email has already been sent."))
        if email.claimed_until and email.claimed_until > now:
            raise ValidationError(_("This email is being sent right now."))
        email.status = EmailStatus.QUEUED
        email.next_attempt_at = now + claim_lease()
        email.save(update_fields=["status", "next_attempt_at"])
        transaction.on_commit(lambda: delivery_enqueue(email.pk), robust=True)
    return email


def email_claim(email_id: int, now: datetime) -> OutboundEmail | None:
    """Take a queued email for one delivery attempt; None when it is sent, failed or taken."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != EmailStatus.QUEUED:
            return None
        if email.claimed_until and email.claimed_until > now:
            return None
        email.claimed_until = now + claim_lease()
        email.save(update_fields=["claimed_until"])
    return email


def email_attempt_record(email_id: int, *, error: str = "", permanent: bool = False) -> OutboundEmail:
    """Record one attempt's outcome: sent; or the reason, and the next try or failed."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().only(*_ATTEMPT_FIELDS).get(pk=email_id)
        now = timezone.now()
        email.claimed_until = None
        email.attempts += 1
        if not error:
            email.status = EmailStatus.SENT
            email.sent_at = now
            email.last_error = ""
            email.next_attempt_at = None
        else:
            email.last_error = error[:200]
            if permanent or email.attempts >= settings.EPPID_EMAIL_MAX_ATTEMPTS:
                email.status = EmailStatus.FAILED
                email.next_attempt_at = None
            else:
                email.next_attempt_at = now + retry_delay(email.attempts)
        email.save(update_fields=_ATTEMPT_FIELDS)
    return email


def emails_due_enqueue(now: datetime | None = None, *, limit: int = 500) -> int:
    """Hand every queued email whose next attempt is due to the worker; returns how many."""
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(status=EmailStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    handed = []
    for pk in due:
        with transaction.atomic():
            email = OutboundEmail.objects.select_for_update().filter(pk=pk, status=EmailStatus.QUEUED).first()
            if email is None or email.next_attempt_at is None or email.next_attempt_at > now:
                continue
            # Pushed on by one lease, so a worker that is down does not get a task every tick.
            email.next_attempt_at = now + claim_lease()
            email.save(update_fields=["next_attempt_at"])
        handed.append(pk)
    # Enqueued after the rows are saved, so an at-once backend sees them committed.
    for pk in handed:
        delivery_enqueue(pk)
    return len(handed)
