"""Reading the outbox: what staff of a unit must know was not delivered."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from eppid.notifications.models import EmailStatus, OutboundEmail

# A queued email not sent within this time (and never tried) means the worker is not running.
STALE_AFTER = timedelta(minutes=15)


def email_masked(address: str) -> str:
    """'budi.santoso@example.com' -> 'bu***@example.com': enough to recognise, not to copy."""
    local, at, domain = str(address or "").partition("@")
    if not at:
        return "***"
    shown = local[:2] if len(local) > 3 else local[:1]
    return f"{shown}***@{domain}"


def _undelivered_filter(now) -> Q:
    return Q(status=EmailStatus.FAILED) | Q(
        Q(attempts__gt=0) | Q(created_at__lte=now - STALE_AFTER), status=EmailStatus.QUEUED
    )


def outbox_undelivered(unit) -> QuerySet[OutboundEmail]:
    """Failed emails, and queued ones that failed at least once or waited too long, newest first."""
    return OutboundEmail.objects.filter(_undelivered_filter(timezone.now()), unit=unit).order_by(
        "-created_at", "-id"
    )


def outbox_undelivered_counts(units) -> dict[int, int]:
    """{unit id: undelivered emails} for the dashboard; units with none are left out."""
    rows = (
        OutboundEmail.objects.filter(_undelivered_filter(timezone.now()), unit__in=list(units))
        .values("unit")
        .annotate(n=Count("id"))
    )
    return {row["unit"]: row["n"] for row in rows}


def outbox_email_for_unit(unit, pk: int) -> OutboundEmail | None:
    return OutboundEmail.objects.filter(unit=unit, pk=pk).first()
