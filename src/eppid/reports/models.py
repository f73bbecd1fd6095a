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


class AnnualReportNarrative(models.Model):
    """The PPID's own words in the annual report of one unit, year and scope (the statutory
    narrative sections, Perki 1/2021 Pasal 56): plain text, the free-text rule."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(_("scope"), max_length=8)
    policy = models.TextField(_("service policy"), blank=True)
    implementation = models.TextField(_("facilities, staff and budget"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    recommendations = models.TextField(_("recommendations and follow-up"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "scope"], name="annual_narrative_unique")
        ]
        verbose_name = _("annual report narrative")
        verbose_name_plural = _("annual report narratives")

    def __str__(self) -> str:
        return f"narrative {self.unit_id} {self.year} {self.scope}"


def _annual_file_path(instance, filename: str) -> str:
    return f"reports/annual/{instance.year}/{filename}"


class AnnualReportIssue(models.Model):
    """One issue of the annual report: the signed PDF (``signing``), the tables as XLSX and CSV,
    and the setiap-saat entry of the unit's list it is published as. Re-issuing adds a version;
    the earlier ones stay (their PDF superseded, their entry version superseded)."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(_("scope"), max_length=8)
    version = models.PositiveIntegerField(_("version"))
    document = models.OneToOneField(
        "signing.IssuedDocument", on_delete=models.PROTECT, related_name="annual_report_issue"
    )
    entry = models.ForeignKey(
        "catalog.InformationEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    xlsx = models.FileField(upload_to=_annual_file_path, max_length=300)
    xlsx_sha256 = models.CharField(max_length=64)
    csv = models.FileField(upload_to=_annual_file_path, max_length=300)
    csv_sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "scope", "version"], name="annual_issue_unique_version"
            )
        ]
        verbose_name = _("annual report issue")
        verbose_name_plural = _("annual report issues")

    def __str__(self) -> str:
        return f"annual report {self.unit_id} {self.year} {self.scope} v{self.version}"


class SubmissionChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter (post or courier)")
    HAND = "hand", _("Delivered by hand")
    ONLINE = "online", _("The Information Commission's online system")
    OTHER = "other", _("Other")


class AnnualReportSubmission(models.Model):
    """The record that an issue of the annual report was sent to the Komisi Informasi."""

    issue = models.ForeignKey(AnnualReportIssue, on_delete=models.PROTECT, related_name="submissions")
    sent_on = models.DateField(_("sent on"))
    channel = models.CharField(_("channel"), max_length=10, choices=SubmissionChannel.choices)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("annual report submission")
        verbose_name_plural = _("annual report submissions")

    def __str__(self) -> str:
        return f"submission of {self.issue_id} on {self.sent_on}"


class AnnualReportReminder(models.Model):
    """A reminder sent to a unit's PPID that the annual report of ``year`` is not issued yet:
    unique per unit, year and week, so a second run of the daily job sends nothing new."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    week_of = models.DateField()
    due_on = models.DateField()
    recipient_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "week_of"], name="annual_reminder_unique_week")
        ]

    def __str__(self) -> str:
        return f"annual report reminder {self.unit_id} {self.year} {self.week_of}"


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
