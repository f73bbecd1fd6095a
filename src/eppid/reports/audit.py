"""What the transparency log records of this app's models (see eppid.integrity.registry)."""

from eppid.integrity.registry import audited
from eppid.reports.models import (
    AnnualReportIssue,
    AnnualReportNarrative,
    AnnualReportReminder,
    AnnualReportSubmission,
    ReadinessIndicator,
    ReportDownload,
    SurveyResponse,
)

audited(
    ReportDownload,
    fields=(
        "unit",
        "kind",
        "period_from",
        "period_to",
        "format",
        "row_count",
        "downloaded_by",
        "downloaded_at",
    ),
    unit_code=lambda download: download.unit.code,
)

audited(
    SurveyResponse,
    fields=(
        "request",
        "unit",
        *(f"u{n}" for n in range(1, 10)),
        "comment",
        "channel",
        "entered_by",
        "answered_at",
    ),
    unit_code=lambda answer: answer.unit.code,
    describe=lambda answer: f"survey answer of request {answer.request_id}",
)

audited(
    AnnualReportNarrative,
    fields=(
        "unit",
        "year",
        "scope",
        "policy",
        "implementation",
        "obstacles",
        "recommendations",
        "updated_by",
    ),
    unit_code=lambda row: row.unit.code,
    describe=lambda row: f"annual report narrative {row.unit.code} {row.year} {row.scope}",
)
audited(
    AnnualReportIssue,
    fields=(
        "unit",
        "year",
        "scope",
        "version",
        "document",
        "entry",
        "xlsx_sha256",
        "csv_sha256",
        "issued_by",
        "issued_at",
        "published_at",
    ),
    # The tables sent to the Komisi Informasi with the signed PDF: their bytes against the log.
    files=("xlsx", "csv"),
    unit_code=lambda row: row.unit.code,
    describe=lambda row: f"annual report {row.unit.code} {row.year} {row.scope} v{row.version}",
)
audited(
    AnnualReportSubmission,
    fields=("issue", "sent_on", "channel", "reference", "recorded_by"),
    unit_code=lambda row: row.issue.unit.code,
)
audited(
    AnnualReportReminder,
    fields=("unit", "year", "week_of", "due_on", "recipient_count"),
    unit_code=lambda row: row.unit.code,
)

audited(
    ReadinessIndicator,
    fields=(
        "year",
        "code",
        "title_en",
        "title_id",
        "rule",
        "params",
        "weight",
        "source",
        "to_confirm",
        "position",
    ),
    describe=lambda indicator: f"readiness indicator {indicator.year} {indicator.code}",
)
