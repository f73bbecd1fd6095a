"""Objections to the superior of the PPID (UU 14/2008 Pasal 35-36) and disputes before the
Information Commission and the courts (Pasal 37, 47-50)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.models import CaseFile, TimelineEvent
from eppid.disclosure.choices import Channel
from eppid.integrity.querysets import AuditedManager
from eppid.law.models import GroundKind
from eppid.law.selectors import ground_for_record
from eppid.objections.choices import (
    Commission,
    CourtKind,
    DisputeResult,
    DisputeStage,
    MediationResult,
    ObjectionEventKind,
    ObjectionOutcome,
    ObjectionStatus,
    ReminderKind,
)


class Objection(CaseFile):
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="objections", verbose_name=_("unit")
    )
    number = models.CharField(_("objection number"), max_length=40, unique=True)
    # Null only for ground b filed without a request; the objector's identity is then kept here.
    request = models.ForeignKey(
        "disclosure.InformationRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("request"),
    )
    # A code of a law.LegalGround of kind "objection" ("a".."g"), in force on the day of filing.
    ground = models.CharField(_("ground"), max_length=20)
    statement = models.TextField(_("statement"))
    # Online (the citizen's), or the channel staff registered it from (decision 1698).
    channel = models.CharField(_("channel"), max_length=10, default="online", choices=Channel.choices)
    # From CaseFile: the tracking hash is the request's own, or one issued for a ground-b objection;
    # the requester identity is filled only for a ground-b objector without a request (same rules
    # as a request), otherwise it is the request's; the rule set is that of the request's regime
    # (election information keeps the election rules) in force on the day of receipt, and the
    # response, follow-up and dispute window count with it; closed_at is set at the decision.
    # When the ground arose and the last day to file on it (kept as they were checked).
    ground_arose_on = models.DateField()
    filing_last_day = models.DateField(null=True, blank=True)
    due_date = models.DateField(_("response due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ObjectionOutcome.choices, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200, blank=True)
    # Upheld: the PPID must now provide; a task with its own due date (OBJECTION_FOLLOWUP).
    followup_due_date = models.DateField(null=True, blank=True)
    followup_done_at = models.DateTimeField(null=True, blank=True)
    followup_note = models.TextField(blank=True)
    # The last day to take the dispute to the Information Commission, as the signed response
    # states it: counted at the decision and kept (decision 1680); None until decided.
    dispute_last_day = models.DateField(_("last day to file a dispute"), null=True, blank=True)
    response = models.ForeignKey(
        "signing.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sequence"], name="unique_objection_sequence"),
        ]
        ordering = ["-received_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == ObjectionStatus.RECEIVED


class ObjectionEvent(TimelineEvent):
    CASE_FIELD = "objection"

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=ObjectionEventKind.choices)
    status_after = models.CharField(max_length=20, choices=ObjectionStatus.choices, blank=True)

    @property
    def note_display(self) -> str:
        """The note as a reader sees it: a code (the ground filed on, the outcome, a dispute's
        stage, a reminder's kind) by its label; a moved deadline's in words (the base class's); a
        follow-up's own words as they are."""
        if self.kind in (ObjectionEventKind.RECEIVED, ObjectionEventKind.REGISTERED) and self.note:
            ground = ground_for_record(GroundKind.OBJECTION, self.note, timezone.localtime(self.at).date())
            return ground.label if ground is not None else self.note
        choices = NOTE_CHOICES.get(self.kind)
        if choices is not None and self.note in choices.values:
            return str(choices(self.note).label)
        return super().note_display  # a moved deadline's, in the reader's language


# What the note of an event holds, by kind: a code of these choices.
NOTE_CHOICES = {
    ObjectionEventKind.DECIDED: ObjectionOutcome,
    ObjectionEventKind.REMINDER_SENT: ReminderKind,
    ObjectionEventKind.DISPUTE_RECORDED: DisputeStage,
    ObjectionEventKind.DISPUTE_UPDATED: DisputeStage,
}


class ObjectionReminder(models.Model):
    """A reminder already sent to the unit's superiors: the job sends each kind once."""

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    objects = AuditedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["objection", "kind"], name="unique_objection_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.objection_id} {self.kind}"


class Dispute(models.Model):
    """The requester's dispute before the Information Commission, and any court stage after it."""

    objection = models.OneToOneField(Objection, on_delete=models.PROTECT, related_name="dispute")
    commission = models.CharField(_("Information Commission"), max_length=10, choices=Commission.choices)
    commission_name = models.CharField(_("Information Commission"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed on"))
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=DisputeStage.choices)
    mediation_on = models.DateField(_("mediation date"), null=True, blank=True)
    mediation_result = models.CharField(max_length=10, choices=MediationResult.choices, blank=True)
    adjudication_on = models.DateField(_("adjudication decision date"), null=True, blank=True)
    adjudication_result = models.CharField(max_length=20, choices=DisputeResult.choices, blank=True)
    court = models.CharField(_("court"), max_length=10, choices=CourtKind.choices, blank=True)
    court_case_number = models.CharField(max_length=100, blank=True)
    court_filed_on = models.DateField(null=True, blank=True)
    court_decided_on = models.DateField(null=True, blank=True)
    court_result = models.CharField(max_length=20, choices=DisputeResult.choices, blank=True)
    cassation_case_number = models.CharField(max_length=100, blank=True)
    cassation_decided_on = models.DateField(null=True, blank=True)
    cassation_result = models.CharField(max_length=20, choices=DisputeResult.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)  # never personal data
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"{self.objection_id} {self.case_number or self.stage}"
