"""Which Information Commission hears a dispute, and the window to go there.

UU 14/2008 Pasal 37(2): the dispute is filed within the dispute-filing step's working days (the
objection's rule set) of receiving the superior's written response, or of the response period
lapsing without one. The level of
the Commission follows the body's level (regulations.md section 1, Pasal 37: central bodies to
KI Pusat, provincial ones to KI Provinsi). For a regency/city unit the sources read name no
Commission of its own: Bawaslu Kabupaten/Kota units go to the KI Provinsi of their province
(KI Kabupaten/Kota may exist under Pasal 24(3); where one is formed this is the place to change).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from eppid.law.deadlines import deadline_by_rule_set
from eppid.law.models import DeadlineStep
from eppid.objections.choices import Commission
from eppid.objections.rules import objection_rule_set
from eppid.organisation.models import Level


def commission_for(unit) -> tuple[str, str]:
    """(Commission value, its Indonesian name) for a dispute with ``unit``."""
    if unit.level == Level.NATIONAL or unit.parent_id is None:
        return Commission.CENTRAL, "Komisi Informasi Pusat"
    province = unit if unit.level == Level.PROVINCE else unit.parent
    return Commission.PROVINCE, f"Komisi Informasi Provinsi {province.region_name}"


def dispute_window(objection, today: date | None = None) -> tuple[date, date] | None:
    """(start, end) of the period to take the dispute to the Commission, or None (not yet).

    start: the day of the written response; or, when none came, the response due date (the
    period lapsed at its end). end: the objection rule set's DISPUTE_FILING working days after start,
    on the unit's calendar; for a decided objection the day counted at the decision and stated on
    its signed response (``dispute_last_day``; a closure day added later does not move it,
    decision 1680).
    """
    today = today or timezone.localdate()
    if objection.decided_at is not None:
        start = timezone.localtime(objection.decided_at).date()
        if objection.dispute_last_day is not None:
            return start, objection.dispute_last_day
    elif today > objection.due_date:
        start = objection.due_date
    else:
        return None
    return start, deadline_by_rule_set(
        objection_rule_set(objection), DeadlineStep.DISPUTE_FILING, start, objection.unit
    )
