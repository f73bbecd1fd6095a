"""Reads the objection pages need (citizen form, status pages, console), built on the core.

Kept apart from selectors.py (the core's reads for the API and the services): these shape data
for templates and never write.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import timezone

from eppid.law.calendar import add_working_days
from eppid.objections.choices import ObjectionOutcome
from eppid.objections.commission import commission_for, dispute_window
from eppid.objections.documents import document_ready_url
from eppid.objections.eligibility import filing_window
from eppid.objections.models import Objection
from eppid.objections.rules import objection_grounds, objection_rules

DUE_SOON_DAYS = 3  # working days: the console's "due soon" filter and counts


def grounds_overview(request, today: date | None = None, *, at: datetime | None = None) -> list[dict]:
    """The grounds in force for ``request``: each with its legal text, its plain explanation and
    either the last day to file (open) or the service's exact reason why it does not fit (closed).
    ``at``: the moment the objection arrived (a paper one registered later), judged as of then."""
    today = today or (timezone.localtime(at).date() if at else None)
    rows = []
    for ground in objection_grounds(today):
        row = {
            "value": ground.code,
            "label": ground.label,
            "explanation": ground.guidance,
            "article": ground.article,
            "text": ground.text,
            "to_confirm": ground.to_confirm,
        }
        try:
            window = filing_window(request, ground.code, today, at=at)
        except ValidationError as error:
            messages = error.message_dict.get("reason") if hasattr(error, "error_dict") else error.messages
            row.update(open=False, reason=" ".join(str(m) for m in messages or error.messages))
        else:
            row.update(open=True, last_day=window.last_day, arose_on=window.arose_on)
        rows.append(row)
    return rows


def open_grounds(request, today: date | None = None, *, at: datetime | None = None) -> list[dict]:
    return [row for row in grounds_overview(request, today, at=at) if row["open"]]


def commission_name(unit) -> str:
    return commission_for(unit)[1]


def dispute_info(objection, today: date | None = None) -> dict | None:
    """The Pasal 37 window for the requester: which Commission, from when, until when; None while
    the response is neither given nor late."""
    today = today or timezone.localdate()
    window = dispute_window(objection, today)
    if window is None:
        return None
    start, end = window
    terms = objection_rules(objection).terms
    return {
        "commission": commission_name(objection.unit),
        "start": start,
        "end": end,
        "days": terms.dispute_days,
        "basis": terms.basis.get("dispute_filing", ""),
        "late": objection.decided_at is None,
        "open": today <= end,
    }


def _dispute(objection):
    try:
        return objection.dispute
    except ObjectDoesNotExist:
        return None


def objection_public(objection, today: date | None = None) -> dict:
    """What the requester may see of one objection (status page rows, the objection's own page)."""
    return {
        "objection": objection,
        "receipt_url": document_ready_url(objection.receipt),
        "response_url": document_ready_url(objection.response) if objection.response_id else "",
        "response_pending": bool(objection.decided_at) and not document_ready_url(objection.response),
        "dispute_info": dispute_info(objection, today),
        "dispute": _dispute(objection),
        "overdue": objection.is_open and (today or timezone.localdate()) > objection.due_date,
    }


def objections_public_for_request(request, today: date | None = None) -> list[dict]:
    rows = Objection.objects.filter(request=request).select_related("unit", "receipt", "response")
    return [objection_public(row, today) for row in rows.order_by("received_at", "pk")]


def objection_counts(unit, today: date | None = None) -> dict:
    """Open objections of ``unit``: all, due within DUE_SOON_DAYS working days, overdue; and
    upheld objections whose follow-up is not done yet."""
    today = today or timezone.localdate()
    open_rows = Objection.objects.filter(unit=unit, status="received")
    soon = add_working_days(today, DUE_SOON_DAYS, unit)
    return {
        "open": open_rows.count(),
        "due_soon": open_rows.filter(due_date__gte=today, due_date__lte=soon).count(),
        "overdue": open_rows.filter(due_date__lt=today).count(),
        "followups": Objection.objects.filter(
            unit=unit, outcome=ObjectionOutcome.UPHELD, followup_done_at__isnull=True
        ).count(),
    }


def objection_for_unit(unit, number) -> Objection | None:
    number = str(number or "")[:40]
    if not number or "\x00" in number:
        return None
    return (
        Objection.objects.select_related(
            "unit", "request", "request__unit", "receipt", "response", "decided_by"
        )
        .filter(unit=unit, number=number)
        .first()
    )
