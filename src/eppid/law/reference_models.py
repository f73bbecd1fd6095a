"""Legal references: the article a text cites for what it says ("the written notice (UU 14/2008
Pasal 22 ayat (7))", "the annual report (Perki 1/2021 Pasal 56)").

A text names a reference by its ``key``; the citation comes from the row in force that day, in
the active language (``law.selectors.citation_text``, ``{% citation %}`` of ``law_citations``).
A change in the law is a new row with a later ``effective_from`` (and ``effective_until`` on the
old one), never an edit of a row in force. Deadline articles stay with their rule
(``DeadlineRule.basis``) and grounds with their letter (``LegalGround.article``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from eppid.integrity.querysets import AuditedManager
from eppid.law.history import InForceHistory


class ReferenceKey(models.TextChoices):
    """What a cited article is about: the texts name these, never the article."""

    NOTICE_CONTENTS = "notice_contents", _("Contents of the written notice on a request")
    NOTICE_FORWARDING = "notice_forwarding", _("Forwarding a request to the body that holds it")
    PERIODIC_INFORMATION = "periodic_information", _("Information published periodically")
    OBJECTION_GROUNDS = "objection_grounds", _("The grounds of an objection")
    OBJECTION_RESPONSE = "objection_response", _("The superior's response to an objection")
    OBJECTION_REASONS = "objection_reasons", _("Written reasons when an objection is dismissed")
    CONSEQUENCE_TEST = "consequence_test", _("The consequence test behind exempt information")
    CONSEQUENCE_DUTY = (
        "consequence_duty",
        _("The PPID's duty to test the consequences before withholding information"),
    )
    ANNUAL_REPORT = "annual_report", _("The annual report of the public information service")


class LegalReference(InForceHistory, models.Model):
    key = models.CharField(_("what it is about"), max_length=32, choices=ReferenceKey.choices)
    citation_id = models.CharField(_("citation (Indonesian)"), max_length=200)
    citation_en = models.CharField(_("citation (English)"), max_length=200)
    source = models.TextField(_("source"))
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    to_confirm = models.BooleanField(_("to confirm against the official text"), default=False)
    to_confirm_note = models.TextField(_("what to confirm"), blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        app_label = "law"
        ordering = ["key", "-effective_from"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="law_reference_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.citation_id} ({self.effective_from.isoformat()})"

    # Once in force a row is history: law.history.InForceHistory.
    LOCKED_MESSAGE = _(
        "This reference is already in force and its citation cannot be changed. Give it "
        "a last day and add a new reference instead."
    )

    @property
    def citation(self) -> str:
        """The citation in the active language ("UU 14/2008 Pasal 22 ayat (7)")."""
        english = (get_language() or "id").startswith("en")
        return (self.citation_en if english else self.citation_id) or self.citation_id
