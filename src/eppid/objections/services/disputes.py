"""Disputes before the Information Commission and the courts (UU 14/2008 Pasal 37-50).

Recorded by the unit's staff who handle cases or by its superior (the PPID represents the body
before the Commission; the superior answered the objection): ``may_handle``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from eppid.casefiles.services import LifecycleError, event_add, locked
from eppid.core.text import text_clean_keyed
from eppid.objections.choices import (
    CourtKind,
    DisputeResult,
    DisputeStage,
    MediationResult,
    ObjectionEventKind,
)
from eppid.objections.commission import commission_for, dispute_window
from eppid.objections.models import Dispute
from eppid.objections.services.common import may_handle, require

DATE_FIELDS = (
    "filed_on",
    "registered_on",
    "mediation_on",
    "adjudication_on",
    "court_filed_on",
    "court_decided_on",
    "cassation_decided_on",
    "closed_on",
)
CHOICE_FIELDS = {
    "stage": DisputeStage,
    "mediation_result": MediationResult,
    "adjudication_result": DisputeResult,
    "court": CourtKind,
    "court_result": DisputeResult,
    "cassation_result": DisputeResult,
}
TEXT_FIELDS = {"case_number": 100, "court_case_number": 100, "cassation_case_number": 100, "note": 2000}
MULTILINE_FIELDS = {"note"}
EDITABLE = (*DATE_FIELDS, *CHOICE_FIELDS, *TEXT_FIELDS)


def _date(value, field: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    parsed = value if isinstance(value, date) else None
    if parsed is None:
        try:
            parsed = parse_date(str(value))
        except ValueError:
            parsed = None
    if parsed is None:
        errors[field] = [_("Enter a date, for example 2026-03-02.")]
        return None
    if parsed > timezone.localdate():
        errors[field] = [_("The date cannot be in the future.")]
    return parsed


def dispute_clean(changes: dict, *, arrived_on: date) -> dict:
    """The dispute's fields cleaned; no date may be before ``arrived_on``, the day the objection
    reached the unit (not the working day its deadlines count from: one filed on a Saturday may be
    answered and taken to the Commission that Saturday)."""
    errors: dict[str, list[str]] = {}
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not dispute fields: {sorted(unknown)}")
    out = {}
    for key, value in changes.items():
        if key in DATE_FIELDS:
            out[key] = _date(value, key, errors)
            if out[key] is not None and out[key] < arrived_on and key not in errors:
                errors[key] = [_("The date cannot be before the objection was received.")]
        elif key in CHOICE_FIELDS:
            text = str(value or "").strip()
            if text and text not in CHOICE_FIELDS[key].values:
                errors[key] = [
                    _("Choose one of: %(expected)s.") % {"expected": ", ".join(CHOICE_FIELDS[key].values)}
                ]
            out[key] = text
        else:
            try:
                out[key] = text_clean_keyed(
                    value, key, limit=TEXT_FIELDS[key], multiline=key in MULTILINE_FIELDS
                )
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return out


def dispute_record(
    *, objection, actor, filed_on, case_number="", stage=DisputeStage.FILED, **details
) -> Dispute:
    """Record that the objector took the objection to the Information Commission."""
    require(may_handle(actor, objection.unit))
    values = dispute_clean(
        {"filed_on": filed_on, "case_number": case_number, "stage": stage, **details},
        arrived_on=timezone.localdate(objection.received_at),
    )
    if values.get("filed_on") is None:
        raise ValidationError({"filed_on": [_("This field is required.")]})
    with transaction.atomic():
        row = locked(objection)
        if Dispute.objects.filter(objection=row).exists():
            raise LifecycleError(_("A dispute is already recorded for this objection; update it instead."))
        if dispute_window(row) is None:
            raise LifecycleError(
                _(
                    "A dispute can be recorded once the objection is answered or its response "
                    "period has passed."
                )
            )
        commission, name = commission_for(row.unit)
        dispute = Dispute.objects.create(
            objection=row,
            commission=commission,
            commission_name=name,
            recorded_by=actor,
            **values,
        )
        event_add(row, ObjectionEventKind.DISPUTE_RECORDED, actor=actor, note=dispute.stage)
    return dispute


def dispute_update(*, dispute, actor, **changes) -> Dispute:
    """Change a dispute's stage, dates, results or court stage; unchanged fields keep their value."""
    objection = dispute.objection
    require(may_handle(actor, objection.unit))
    values = dispute_clean(changes, arrived_on=timezone.localdate(objection.received_at))
    if "filed_on" in values and values["filed_on"] is None:
        raise ValidationError({"filed_on": [_("This field is required.")]})
    if "stage" in values and not values["stage"]:
        raise ValidationError({"stage": [_("This field is required.")]})
    with transaction.atomic():
        locked(objection)
        row = Dispute.objects.select_for_update().get(pk=dispute.pk)
        for key, value in values.items():
            setattr(row, key, value)
        if row.stage == DisputeStage.CLOSED and row.closed_on is None:
            row.closed_on = timezone.localdate()
        row.save()
        event_add(objection, ObjectionEventKind.DISPUTE_UPDATED, actor=actor, note=row.stage)
    dispute.refresh_from_db()
    return dispute
