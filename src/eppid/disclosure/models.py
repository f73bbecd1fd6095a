"""Information requests (UU 14/2008 Pasal 21-22) and what happens to them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.models import IDENTITY_DOCUMENTS, CaseFile, TimelineEvent
from eppid.disclosure.choices import (
    AccessMethod,
    Channel,
    CopyFormat,
    Delivery,
    EventKind,
    Outcome,
    Status,
)
from eppid.integrity.querysets import AuditedManager


class InformationRequest(CaseFile):
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("unit"),
    )
    registration_number = models.CharField(_("registration number"), max_length=32, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    information = models.TextField(_("information requested"))
    purpose = models.TextField(_("purpose"))
    access_method = models.CharField(_("access method"), max_length=10, choices=AccessMethod.choices)
    copy_format = models.CharField(_("copy format"), max_length=10, choices=CopyFormat.choices, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    due_date = models.DateField(_("due date"))
    original_due_date = models.DateField(_("original due date"))
    # Set by the requester or the officer: the request is about an election (Perki 1/2019).
    election_information = models.BooleanField(_("election information"), default=False)
    # The rule set (CaseFile.rule_set) is chosen at receipt by law.selectors.rules_for_receipt;
    # a changed election period never moves it. The declared election period that made it the
    # election rule set, if one did:
    election_period = models.ForeignKey(
        "law.ElectionPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("election period"),
    )
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    forwarded_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forwarded_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sequence"], name="unique_request_sequence"),
        ]
        # Staff lists within a unit: a page in their order (soonest due first), and the counts of
        # their filters (open, overdue, due within N working days), are read from an index,
        # whatever the unit's total.
        indexes = [
            models.Index(fields=["unit", "due_date", "id"], name="request_unit_due"),
            models.Index(fields=["unit", "status", "due_date"], name="request_unit_status_due"),
            # Statistics (reports.statistics, decision 1440): a unit's requests of a year, and
            # every request in id order (to merge with the decisions), each with what the counts
            # read, so that PostgreSQL answers from the index without reading the wide rows.
            models.Index(
                fields=["unit", "received_at"],
                include=["id", "status", "due_date", "received_on"],
                name="request_unit_received",
            ),
            models.Index(
                fields=["id"],
                include=["received_at", "unit", "status", "due_date", "received_on"],
                name="request_statistics",
            ),
        ]
        ordering = ["-received_at", "-pk"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")

    def __str__(self) -> str:
        return self.registration_number

    @property
    def is_open(self) -> bool:
        return self.status in (Status.RECEIVED, Status.IN_PROGRESS)


class RequestEvent(TimelineEvent):
    """One step of a request's timeline."""

    CASE_FIELD = "request"

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    status_after = models.CharField(max_length=20, choices=Status.choices, blank=True)

    @property
    def note_display(self) -> str:
        """The note as a reader sees it: a decision's note is its outcome code, shown by its label;
        a viewed document's is the identity field's name, shown by the field's label."""
        if self.kind == EventKind.DECIDED and self.note in Outcome.values:
            return str(Outcome(self.note).label)
        if self.kind == EventKind.IDENTITY_VIEWED and self.note in IDENTITY_DOCUMENTS:
            return capfirst(InformationRequest._meta.get_field(self.note).verbose_name)
        return super().note_display


class Decision(models.Model):
    """The written notice's content (UU 14/2008 Pasal 22(7) a-g)."""

    request = models.OneToOneField(InformationRequest, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    # A code of a law.LegalGround of an exemption kind ("a".."j", "bawaslu_a"..), checked against
    # the grounds in force on the day of the decision.
    exemption_basis = models.CharField(_("exemption basis"), max_length=20, blank=True)
    held_by = models.CharField(_("held by"), max_length=300, blank=True)
    material = models.TextField(_("material provided"), blank=True)
    redactions = models.TextField(_("blacked-out parts and why"), blank=True)
    delivery = models.TextField(_("delivery and format"), blank=True)
    fee_rupiah = models.PositiveIntegerField(_("cost (rupiah)"), default=0, validators=[MinValueValidator(0)])
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The signed written notice, issued in the same transaction as the decision.
    notice = models.ForeignKey(
        "signing.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AuditedManager()

    class Meta:
        # Statistics (decision 1440): the outcome, ground and date of each request's decision
        # read from the index, in request order.
        indexes = [
            models.Index(
                fields=["request"],
                include=["outcome", "exemption_basis", "decided_at"],
                name="decision_statistics",
            ),
            models.Index(fields=["decided_at"], name="decision_decided_at"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.outcome}"


def _released_path(instance, filename: str) -> str:
    return f"released/{secrets.token_hex(1)}/{secrets.token_hex(16)}"


def _access_token() -> str:
    return secrets.token_urlsafe(24)


class ReleasedDocument(models.Model):
    """A document given to the requester with the decision, downloadable from the status page."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=_released_path, max_length=200)
    access_token = models.CharField(max_length=64, unique=True, default=_access_token)
    # Set when the document is a redacted copy made for this request (eppid.redaction).
    redaction = models.ForeignKey(
        "redaction.Redaction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AuditedManager()

    def __str__(self) -> str:
        return self.name
