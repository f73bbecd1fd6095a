"""The rules as data: closure days and deadline rule sets with the date they come into force."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.integrity.querysets import AuditedManager


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

    @property
    def applies_to_all_units(self) -> bool:
        return self.unit_code is None


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
    effective_from = models.DateField(_("in force from"), unique=True)
    legal_basis = models.TextField(_("legal basis"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("deadline rule set")
        verbose_name_plural = _("deadline rule sets")

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
