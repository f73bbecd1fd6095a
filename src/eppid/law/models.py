"""The rules as data: closure days, deadline rule sets with the date they come into force (one
series per regime: public information under UU 14/2008, election information under Perki
1/2019), election periods an administrator declares, and the legal grounds (exemptions,
objection grounds) with their text, source and dates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from eppid.integrity.querysets import AuditedManager
from eppid.law.history import InForceHistory


class ClosureDay(models.Model):
    """A day an office is closed although the national calendar says it works.

    ``unit_code`` empty means every unit. The code, not a foreign key, keeps ``law`` free of the
    organisation app (the arrows point one way).
    """

    date = models.DateField(_("date"))
    # NULL, not "", means "all units": the two partial unique constraints below key on it.
    unit_code = models.CharField(_("unit code"), max_length=8, null=True, blank=True)  # noqa: DJ001
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["date", "unit_code"]
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        # NULLs never clash in a plain unique index, so "all units" needs its own one.
        constraints = [
            models.UniqueConstraint(
                fields=["date", "unit_code"],
                condition=Q(unit_code__isnull=False),
                name="law_closure_unique_per_unit",
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(unit_code__isnull=True),
                name="law_closure_unique_all_units",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.unit_code or '*'}"


class Regime(models.TextChoices):
    """Which series of rule sets a case follows: chosen once, when it is received."""

    GENERAL = "general", _("Public information")
    ELECTION = "election", _("Election information during a declared election period")


class DeadlineStep(models.TextChoices):
    REQUEST_RESPONSE = "request_response", _("Written notice on a request")
    REQUEST_EXTENSION = "request_extension", _("Extension of a request's deadline")
    OBJECTION_FILING = "objection_filing", _("Filing an objection")
    OBJECTION_RESPONSE = "objection_response", _("Superior's response to an objection")
    DISPUTE_FILING = "dispute_filing", _("Filing a dispute with the Information Commission")
    OBJECTION_FOLLOWUP = "objection_followup", _("Carrying out an upheld objection")


def _stored_effective_from(rule_set_id) -> object | None:
    if rule_set_id is None:
        return None
    return DeadlineRuleSet.objects.filter(pk=rule_set_id).values_list("effective_from", flat=True).first()


class DeadlineRuleSet(models.Model):
    """The working days each step gets, in force from ``effective_from`` until the next set starts.

    A set in force (or in the past) is history: deadlines already counted rest on it, so it is
    never edited. A change in the law is a new set with a later date.
    """

    name = models.CharField(_("name"), max_length=200)
    regime = models.CharField(_("regime"), max_length=16, choices=Regime.choices, default=Regime.GENERAL)
    effective_from = models.DateField(_("in force from"))
    legal_basis = models.TextField(_("legal basis"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("deadline rule set")
        verbose_name_plural = _("deadline rule sets")
        constraints = [
            models.UniqueConstraint(fields=["regime", "effective_from"], name="law_rule_set_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from.isoformat()})"

    @property
    def is_locked(self) -> bool:
        stored = _stored_effective_from(self.pk)
        return stored is not None and stored <= timezone.localdate()

    def clean(self):
        super().clean()
        if self.is_locked:
            raise ValidationError(
                _("This rule set is already in force and cannot be changed. Add a new rule set instead."),
                code="locked",
            )
        if self.effective_from is not None and self.effective_from <= timezone.localdate():
            raise ValidationError(
                {"effective_from": _("A new rule set must come into force after today.")},
                code="not_future",
            )


class DeadlineRule(models.Model):
    rule_set = models.ForeignKey(
        DeadlineRuleSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("rule set")
    )
    step = models.CharField(_("step"), max_length=32, choices=DeadlineStep.choices)
    working_days = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    basis = models.CharField(_("article"), max_length=300, blank=True)
    # The number comes from a secondary source: shown as "to confirm against the official text".
    to_confirm = models.BooleanField(_("to confirm against the official text"), default=False)

    objects = AuditedManager()

    class Meta:
        ordering = ["rule_set", "step"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [models.UniqueConstraint(fields=["rule_set", "step"], name="law_rule_unique_step")]

    def __str__(self) -> str:
        return f"{self.step}: {self.working_days}"

    def clean(self):
        super().clean()
        stored = _stored_effective_from(self.rule_set_id)
        if stored is not None and stored <= timezone.localdate():
            raise ValidationError(
                _("This rule set is already in force and cannot be changed. Add a new rule set instead."),
                code="locked",
            )


class ElectionPeriod(models.Model):
    """A period an administrator declared (election stages), national or for one unit and the units
    below it. A request for election information received (its receipt day) inside it follows the
    election rule set; the choice is stored on the request, so changing periods later moves no
    deadline already counted.

    ``unit_code`` NULL means every unit (national). Codes nest ("35" covers "35.04"), so the
    units below are found by the code alone and ``law`` stays free of the organisation app.
    """

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    unit_code = models.CharField(_("unit code"), max_length=8, null=True, blank=True)  # noqa: DJ001
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("declared by")
    )
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["starts_on", "unit_code", "pk"]
        verbose_name = _("election period")
        verbose_name_plural = _("election periods")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="law_election_period_order")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on.isoformat()}..{self.ends_on.isoformat()} {self.unit_code or '*'}"


class GroundKind(models.TextChoices):
    EXEMPTION = "exemption", _("Exemption from disclosure")
    ELECTION_EXEMPTION = "election_exemption", _("Election exemption from disclosure")
    OBJECTION = "objection", _("Ground for an objection")


EXEMPTION_KINDS = (GroundKind.EXEMPTION, GroundKind.ELECTION_EXEMPTION)


class ObjectionCondition(models.TextChoices):
    """What an objection ground is about: the filing rules (objections.eligibility) read this, not
    the letter, so a renumbered law needs new rows, not new code."""

    REFUSAL = "refusal", _("The request was refused in whole or in part")
    PERIODIC = "periodic", _("Periodic information was not published")
    UNANSWERED = "unanswered", _("The request was not answered by its due date")
    ANSWERED_OTHERWISE = "answered_otherwise", _("The answer differs from the request")
    NOT_FULFILLED = "not_fulfilled", _("The request was not fulfilled")
    FEE = "fee", _("A fee was charged")
    LATE = "late", _("The answer came late")


class LegalGround(InForceHistory, models.Model):
    """One letter of the law with its text: an exemption (UU 14/2008 Pasal 17, Perbawaslu 1/2022
    Pasal 18(2)) or an objection ground (UU 14/2008 Pasal 35(1)).

    ``code`` is what cases store and the API speaks ("a", "bawaslu_a"); the text is the law's,
    in Indonesian, with an English rendering. A change in the law is a new row with a later
    ``effective_from`` (and ``effective_until`` on the old one), never an edit of a row in force.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=GroundKind.choices)
    code = models.CharField(_("code"), max_length=20)
    letter = models.CharField(_("letter"), max_length=4)
    article = models.CharField(_("article"), max_length=200)
    label_id = models.CharField(_("short label (Indonesian)"), max_length=300)
    label_en = models.CharField(_("short label (English)"), max_length=300)
    text_id = models.TextField(_("legal text (Indonesian)"))
    text_en = models.TextField(_("legal text (English rendering)"))
    guidance_id = models.TextField(_("plain explanation (Indonesian)"), blank=True)
    guidance_en = models.TextField(_("plain explanation (English)"), blank=True)
    condition = models.CharField(
        _("condition"), max_length=20, choices=ObjectionCondition.choices, blank=True
    )
    settleable = models.BooleanField(_("may be settled by agreement"), default=False)
    source = models.TextField(_("source"))
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    to_confirm = models.BooleanField(_("to confirm against the official text"), default=False)
    to_confirm_note = models.TextField(_("what to confirm"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["kind", "position", "code"]
        verbose_name = _("legal ground")
        verbose_name_plural = _("legal grounds")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "effective_from"], name="law_ground_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} ({self.effective_from.isoformat()})"

    # Once in force a row is history: law.history.InForceHistory.
    LOCKED_MESSAGE = _(
        "This ground is already in force and its text cannot be changed. Give it a last "
        "day and add a new ground instead."
    )

    def _localised(self, name: str) -> str:
        english = (get_language() or "id").startswith("en")
        return getattr(self, f"{name}_en" if english else f"{name}_id") or getattr(self, f"{name}_id")

    @property
    def label(self) -> str:
        """The short label in the active language, e.g. "Pasal 17 huruf a: ... penegakan hukum"."""
        return self._localised("label")

    @property
    def text(self) -> str:
        return self._localised("text")

    @property
    def guidance(self) -> str:
        return self._localised("guidance")


class YearlyDuty(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("Annual report of the public information service")


class YearlyDeadline(models.Model):
    """A duty done once a year for the year before, due by a calendar day of the next year
    (the annual report: within three months after the budget year, Perki 1/2021 Pasal 56).

    Law as data: the day it is due, the day reminders start, and the article, with the date the
    rule comes into force. A change in the law is a new row with a later ``effective_from``; the
    row in force on a day is the one with the latest ``effective_from`` not after it.
    """

    duty = models.CharField(_("duty"), max_length=32, choices=YearlyDuty.choices)
    effective_from = models.DateField(_("in force from"))
    due_month = models.PositiveSmallIntegerField(
        _("due by (month)"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("due by (day)"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    remind_from_month = models.PositiveSmallIntegerField(
        _("reminders from (month)"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    remind_from_day = models.PositiveSmallIntegerField(
        _("reminders from (day)"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    basis = models.CharField(_("article"), max_length=300)
    to_confirm = models.BooleanField(_("to confirm against the official text"), default=False)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["duty", "-effective_from"]
        verbose_name = _("yearly deadline")
        verbose_name_plural = _("yearly deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "effective_from"], name="law_yearly_deadline_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.duty} {self.due_day}/{self.due_month} ({self.effective_from.isoformat()})"


# The articles texts cite live in their own module.
from eppid.law.reference_models import LegalReference, ReferenceKey  # noqa: E402, F401
