"""The consequence test (uji konsekuensi, Perki 1/2021 Pasal 49) behind each exempt entry (DIK).

A ``ConsequenceTest`` records, for one piece of withheld information, what the PPID of the unit
decided and why: the document described without disclosing it, the withheld part described, the
grounds (codes of ``law.LegalGround`` of an exemption kind: UU 14/2008 Pasal 17 letters,
Perbawaslu 1/2022 Pasal 18(2)), the law relied on, the consequence of opening it, the weighing of
the public interest, the last day of the exemption and the participants. It owns one entry of the
unit's list (category ``exempt``) and the two signed papers: the sheet (lembar pengujian
konsekuensi) and the PPID's classification decree.

When the period ends (``until`` has passed, Asia/Jakarta) the expiry job publishes a new version
of the entry as ``on_demand`` (setiap saat) and records ``opened_at`` with the announcement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.integrity.querysets import AuditedManager


class TestOccasion(models.TextChoices):
    """When the test was held (Perki 1/2021 Pasal 49)."""

    BEFORE_REQUEST = "before_request", _("Before any request (the unit's own review)")
    AT_REQUEST = "at_request", _("On a request for the information")
    COMMISSION_ORDER = "commission_order", _("On the order of the Information Commission")


class ConsequenceTest(models.Model):
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="consequence_tests",
        verbose_name=_("unit"),
    )
    entry = models.OneToOneField(
        "catalog.InformationEntry", on_delete=models.PROTECT, related_name="consequence_test"
    )
    occasion = models.CharField(
        _("occasion"), max_length=20, choices=TestOccasion.choices, default=TestOccasion.BEFORE_REQUEST
    )
    # A request's registration number or a Commission decision: what prompted the test, if any.
    occasion_reference = models.CharField(_("reference of the occasion"), max_length=200, blank=True)
    document = models.CharField(_("document or information tested"), max_length=300)
    withheld = models.TextField(_("the withheld part, described without disclosing it"))
    # Codes of law.LegalGround (exemption kinds), comma-separated, in the order chosen; the first
    # is the one a decision citing this test takes as its exemption basis.
    grounds = models.CharField(_("grounds of exemption"), max_length=200)
    legal_basis = models.TextField(_("the law and article relied on"))
    consequence = models.TextField(_("the consequence if it were opened"))
    public_interest = models.TextField(_("the weighing of the public interest"))
    tested_on = models.DateField(_("date of the test"))
    until = models.DateField(_("last day of the exemption"))
    # One name (with position) per line; they sign the sheet.
    participants = models.TextField(_("participants"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    sheet = models.ForeignKey(
        "signing.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decree = models.ForeignKey(
        "signing.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set by the expiry job: the day the information became open, and the public announcement.
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    opened_on = models.DateField(_("open from"), null=True, blank=True)
    announcement = models.TextField(_("announcement"), blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["opened_at", "until"], name="catalog_test_expiry")]
        verbose_name = _("consequence test")
        verbose_name_plural = _("consequence tests")

    def __str__(self) -> str:
        return f"consequence test {self.pk} ({self.unit_id})"

    @property
    def ground_codes(self) -> list[str]:
        return [code for code in self.grounds.split(",") if code]

    @property
    def exemption_basis(self) -> str:
        """The first ground: what a decision citing this test names (contract: ``exemption_basis``)."""
        codes = self.ground_codes
        return codes[0] if codes else ""

    @property
    def participant_names(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class ExemptionCitation(models.Model):
    """A decision on a request that cites a consequence test of its unit (it took its basis)."""

    test = models.ForeignKey(ConsequenceTest, on_delete=models.PROTECT, related_name="citations")
    decision = models.OneToOneField(
        "disclosure.Decision", on_delete=models.PROTECT, related_name="exemption_citation"
    )
    cited_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["-cited_at", "-pk"]

    def __str__(self) -> str:
        return f"decision {self.decision_id} cites test {self.test_id}"
