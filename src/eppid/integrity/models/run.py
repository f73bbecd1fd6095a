from django.db import models
from django.utils.translation import gettext_lazy as _


class IntegrityRun(models.Model):
    """One run of the scheduled integrity verification, kept so staff see its outcome."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    findings_count = models.PositiveIntegerField(_("findings"), default=0)
    # One line per finding, naming records by type and id only (no personal data).
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"
        verbose_name = _("integrity check")
        verbose_name_plural = _("integrity checks")

    def __str__(self) -> str:
        return f"integrity check {self.started_at:%Y-%m-%d %H:%M}: {self.findings_count} finding(s)"

    @property
    def intact(self) -> bool:
        return self.findings_count == 0
