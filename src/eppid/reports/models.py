from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.integrity.querysets import AuditedManager


class ReportKind(models.TextChoices):
    REQUESTS_REGISTER = "requests_register", _("Register of information requests")
    OBJECTIONS_REGISTER = "objections_register", _("Register of objections")


class ReportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"


class ReportDownload(models.Model):
    """Someone took a copy of a register: recorded (and logged) because it holds personal data."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, choices=ReportKind.choices)
    period_from = models.DateField()
    period_to = models.DateField()
    format = models.CharField(max_length=8, choices=ReportFormat.choices)
    row_count = models.PositiveIntegerField()
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-downloaded_at"]
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id} {self.period_from}..{self.period_to} ({self.format})"
