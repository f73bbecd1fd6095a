"""Redacted copies of PDF documents: who removed how much of what, on which legal ground.

A ``Redaction`` is the record of one redaction and holds the redacted copy (the file, its
SHA-256). It never holds the removed content: not the words, not the original file. The
domains decide what the copy becomes: a document of an information list entry (``catalog``), a
document released to a requester (``disclosure``); they link their rows to it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.integrity.querysets import AuditedManager
from eppid.law.models import EXEMPTION_KINDS
from eppid.law.selectors import ground_in_force


class Purpose(models.TextChoices):
    CATALOG = "catalog", _("Document of the information list")
    REQUEST = "request", _("Document released on a request")


def _redacted_path(instance, filename: str) -> str:
    return f"redacted/{secrets.token_hex(1)}/{secrets.token_hex(16)}.pdf"


class Redaction(models.Model):
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    # What the copy is for: the entry's id (catalog) or the request's registration number.
    reference = models.CharField(_("reference"), max_length=64, db_index=True)
    source_name = models.CharField(_("original file name"), max_length=200)
    source_sha256 = models.CharField(_("SHA-256 of the original"), max_length=64)
    name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(upload_to=_redacted_path, max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    pages = models.PositiveIntegerField(_("pages"))
    # A code of a law.LegalGround of an exemption kind, in force on the day of the redaction.
    ground = models.CharField(_("legal ground"), max_length=20)
    area_count = models.PositiveIntegerField(_("areas marked"), default=0)
    term_count = models.PositiveIntegerField(_("words or phrases removed"), default=0)
    match_count = models.PositiveIntegerField(_("occurrences removed"), default=0)
    pages_changed = models.CharField(_("pages changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("redacted at"), default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["purpose", "reference"], name="redaction_reference")]
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")

    def __str__(self) -> str:
        return f"{self.purpose} {self.reference}: {self.name}"

    @property
    def ground_article(self) -> str:
        """The article of the legal ground as it was in force on the day (e.g. "UU 14/2008 Pasal
        17 huruf h"), for pages; the code when the law data no longer has it."""
        ground = ground_in_force(EXEMPTION_KINDS, self.ground, on=timezone.localdate(self.created_at))
        return ground.article if ground is not None else self.ground
