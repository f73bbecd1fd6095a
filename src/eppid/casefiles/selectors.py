"""Reads every case file answers alike: its timeline, and the log entry of its creation."""

from __future__ import annotations

from eppid.integrity.models import LogEntry


def case_history(case) -> list:
    """The public history: the events that changed the status, oldest first."""
    return list(case.events.exclude(status_after="").order_by("at", "pk"))


def case_timeline(case) -> list:
    """Every event, for staff."""
    return list(case.events.select_related("actor").order_by("at", "pk"))


def case_audit_leaf(case) -> tuple[int, str] | None:
    """(leaf_index, leaf_hash) of the log entry that recorded the case file's creation."""
    row = (
        LogEntry.objects.filter(object_type=case._meta.label, object_id=str(case.pk), action="create")
        .order_by("seq")
        .values_list("seq", "leaf_hash")
        .first()
    )
    return (row[0], row[1]) if row else None
