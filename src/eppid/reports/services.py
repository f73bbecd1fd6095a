"""Recording who took a copy of a register (the copy itself is built by the register's selector)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from eppid.reports.models import ReportDownload


def report_download_record(
    *, unit, kind: str, period_from: date, period_to: date, fmt: str, row_count: int, actor
) -> ReportDownload:
    """One audited row (so one transparency-log entry) per download; no personal data in it."""
    with transaction.atomic():
        return ReportDownload.objects.create(
            unit=unit,
            kind=kind,
            period_from=period_from,
            period_to=period_to,
            format=fmt,
            row_count=row_count,
            downloaded_by=actor if getattr(actor, "pk", None) else None,
        )
