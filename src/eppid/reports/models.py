from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
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


class SurveyChannel(models.TextChoices):
    ONLINE = "online", _("Online, by the requester")
    PAPER = "paper", _("On paper, entered by staff")


def _score_field(number: int):
    # 1-4 (PermenPANRB 14/2017's scale): the validators say it to forms, the constraints below
    # to the database; eppid.reports.survey_rules holds the scale for everything else.
    return models.PositiveSmallIntegerField(
        f"U{number}", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


class SurveyResponse(models.Model):
    """One answer to the satisfaction survey (PermenPANRB 14/2017) for one decided request.

    The nine scores are columns (u1..u9), so a unit's NRR per element is one aggregate query.
    ``unit`` is the request's unit, kept here so the aggregates need no join.
    """

    request = models.OneToOneField(
        "disclosure.InformationRequest", on_delete=models.PROTECT, related_name="survey_response"
    )
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    u1 = _score_field(1)
    u2 = _score_field(2)
    u3 = _score_field(3)
    u4 = _score_field(4)
    u5 = _score_field(5)
    u6 = _score_field(6)
    u7 = _score_field(7)
    u8 = _score_field(8)
    u9 = _score_field(9)
    comment = models.TextField(_("comment"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=SurveyChannel.choices)
    # The staff member who entered a paper answer; None for an online answer.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-answered_at", "-pk"]
        indexes = [models.Index(fields=["unit", "answered_at"], name="survey_unit_answered")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"u{n}__gte": 1, f"u{n}__lte": 4}), name=f"survey_u{n}_scale"
            )
            for n in range(1, 10)
        ]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"survey {self.request_id} ({self.channel})"


class ReadinessIndicator(models.Model):
    """One indicator of a year's assessment questionnaire (e-Monev; Bawaslu RI's own), as data.

    ``rule`` names one of the fixed evaluators in ``eppid.reports.readiness_rules`` and ``params``
    its settings (e.g. ``{"types": ["profile"]}``); a new year's questionnaire is new rows (a data
    migration), never new code. ``to_confirm`` marks a weight or source not checked against the
    official questionnaire (dip-dik.md section 5).
    """

    year = models.PositiveSmallIntegerField(_("assessment year"))
    code = models.SlugField(_("code"), max_length=40)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_id = models.CharField(_("title (Indonesian)"), max_length=300)
    rule = models.CharField(_("rule"), max_length=40)
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    to_confirm = models.BooleanField(_("to be confirmed against the official text"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    objects = AuditedManager()

    class Meta:
        ordering = ["year", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="unique_readiness_indicator"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="readiness_weight_positive"),
        ]
        verbose_name = _("readiness indicator")
        verbose_name_plural = _("readiness indicators")

    def __str__(self) -> str:
        return f"{self.year} {self.code}"

    @property
    def title(self) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.title_en if language.startswith("en") else self.title_id
