from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.reminders.rules import ReminderKind


class RequestReminder(models.Model):
    """A reminder the unit's officers were sent about one request; never sent twice (unique kind).

    The extended kinds are separate so that an extension (possible only before the due date, and
    only once) re-arms the reminders for the new due date.
    """

    request = models.ForeignKey(
        "disclosure.InformationRequest", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField()
    recipient_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "kind"], name="unique_request_reminder")]
        ordering = ["sent_on", "pk"]
        verbose_name = _("request reminder")
        verbose_name_plural = _("request reminders")

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.sent_on}"
