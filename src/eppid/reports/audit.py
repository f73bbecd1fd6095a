"""What the transparency log records of this app's models (see eppid.integrity.registry)."""

from eppid.integrity.registry import audited
from eppid.reports.models import ReportDownload

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
