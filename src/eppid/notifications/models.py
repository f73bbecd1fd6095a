from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.integrity.fields import EncryptedFileField, EncryptedRowMixin, EncryptedTextField


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundEmail(EncryptedRowMixin):
    """One email to send. The recipient and the body are personal data: encrypted at rest."""

    to = EncryptedTextField()
    subject = models.CharField(max_length=200)
    body = EncryptedTextField()
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="emails"
    )
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    # An https address that unsubscribes the recipient in one click (RFC 2369 List-Unsubscribe,
    # RFC 8058 one-click POST); it names the recipient's subscription, so it is encrypted too.
    list_unsubscribe = EncryptedTextField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # While a worker is sending it: another worker leaves it alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"{self.reference or self.pk}: {self.subject}"


class OutboundAttachment(EncryptedRowMixin):
    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = EncryptedFileField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
