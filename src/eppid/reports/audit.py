"""What the transparency log records of this app's models (see eppid.integrity.registry)."""

from eppid.integrity.registry import audited
from eppid.reports.models import ReadinessIndicator, ReportDownload, SurveyResponse

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
