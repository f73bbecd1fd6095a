"""A varied register for the statistics tests (not a test module).

Calendar 2026 (holidays package, ID public+government): Nyepi 18-19 March, Lebaran with cuti
bersama 20-24 March, Good Friday 3 April, Labour Day 1 May. "Today" in the tests is 10 June 2026.

Jawa Timur (35): the province itself, Tulungagung (35.04) and Trenggalek (35.03); Banten's
Pandeglang (36.01) is outside the province. Every lifecycle step goes through the services, so the
registers hold what a unit would have recorded.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data
from tests.register_support import at, urls_loaded

from eppid.disclosure.services import (
    request_decide,
    request_extend,
    request_forward,
    request_start,
    request_submit,
    request_withdraw,
)
from eppid.law.models import ClosureDay
from eppid.objections.services import dispute_record, dispute_update, objection_decide, objection_file
from eppid.organisation.models import Unit

TODAY = at(2026, 6, 10, 10, 0)
__all__ = ["TODAY", "local_year", "register", "unit", "urls_loaded"]
UNITS = ("35", "35.03", "35.04", "36.01")


def _decide(request, actor, when, outcome, **values):
    if outcome in ("rejected", "partially_granted"):
        values.setdefault("exemption_basis", "h")
    if outcome == "not_held":
        values.setdefault("held_by", "KPU")
    with freeze_time(when):
        if request.status == "received":
            request_start(request=request, actor=actor)
        request_decide(request=request, actor=actor, outcome=outcome, explanation="Reasons.", **values)
    request.refresh_from_db()
    return request


CODES: dict[str, str] = {}  # registration number -> tracking code


def _walk_in(code: str, when, actor):
    """A request registered at the desk of ``code`` an hour after ``when``, received at ``when``."""
    with freeze_time(when + timedelta(hours=1)):
        result = request_submit(
            data=request_data(unit=code),
            identity_document=pdf_upload(),
            channel="walk_in",
            received_at=when,
            actor=actor,
        )
    CODES[result.request.registration_number] = result.tracking_code
    return result.request


@pytest.fixture
def register(make_staff, urls_loaded):
    """Requests, objections and disputes of 2025 and 2026 in four units; returns the actors."""
    roles = [(code, role) for code in UNITS for role in ("ppid", "superior")]
    ppid = make_staff("ppid", *[pair for pair in roles if pair[1] == "ppid"])
    atasan = make_staff("atasan", *[pair for pair in roles if pair[1] == "superior"])
    # Trenggalek closes on 6 March 2026: its working days differ from the national calendar.
    ClosureDay.objects.create(date=date(2026, 3, 6), unit_code="35.03", reason="Office move", created_by=ppid)

    refused = []
    for code, outcome, received, decided, basis in (
        ("35.04", "granted", at(2026, 3, 2, 10, 0), at(2026, 3, 5, 10, 0), ""),
        ("35.04", "granted", at(2026, 3, 2, 11, 0), at(2026, 3, 30, 10, 0), ""),
        ("35.04", "rejected", at(2026, 3, 3, 10, 0), at(2026, 3, 12, 10, 0), "h"),
        ("35.04", "partially_granted", at(2026, 3, 4, 10, 0), at(2026, 3, 11, 10, 0), "b"),
        ("35.04", "not_held", at(2026, 2, 7, 10, 0), at(2026, 2, 9, 8, 0), ""),  # a Saturday
        ("35.03", "granted", at(2026, 3, 2, 10, 0), at(2026, 3, 9, 10, 0), ""),
        ("35.03", "rejected", at(2026, 3, 2, 12, 0), at(2026, 3, 10, 10, 0), "j"),
        ("35", "granted", at(2026, 1, 5, 9, 0), at(2026, 1, 8, 9, 0), ""),
        ("36.01", "rejected", at(2026, 3, 2, 10, 0), at(2026, 3, 6, 10, 0), "c"),
        ("35.04", "granted", at(2025, 11, 3, 10, 0), at(2025, 11, 6, 10, 0), ""),  # the year before
    ):
        row = _walk_in(code, received, ppid)
        _decide(row, ppid, decided, outcome, **({"exemption_basis": basis} if basis else {}))
        if outcome in ("rejected", "partially_granted"):
            refused.append(row)

    overdue = _walk_in("35.04", at(2026, 4, 6, 10, 0), ppid)  # due 20 April, never answered
    _walk_in("35.04", at(2026, 6, 8, 10, 0), ppid)  # open, not yet due
    extended = _walk_in("35.03", at(2026, 6, 1, 10, 0), ppid)
    with freeze_time(at(2026, 6, 2, 10, 0)):
        request_extend(request=extended, actor=ppid, reason="Many documents.")
    withdrawn = _walk_in("35.04", at(2026, 5, 4, 10, 0), ppid)
    with freeze_time(at(2026, 5, 5, 10, 0)):
        request_withdraw(request=withdrawn, actor=ppid, note="Requester's wish")
    forwarded = _walk_in("35.04", at(2026, 5, 6, 10, 0), ppid)
    with freeze_time(at(2026, 5, 7, 10, 0)):
        request_forward(request=forwarded, actor=ppid, unit_code="35.03", reason="Held there")
    # Received on 31 December 2025 (WIB) at 20:00: 2025 in Jakarta although 2026 counts as its day.
    _walk_in("35.04", at(2025, 12, 31, 20, 0), ppid)

    # Objections: on the rejection of 35.04 (dismissed, then a dispute settled at mediation), on
    # its partial grant (upheld), on the unanswered one (ground c, open), on Trenggalek's
    # rejection (dismissed, a dispute still at adjudication), on Pandeglang's (settled).
    def objection(request, ground, when):
        with freeze_time(when):
            return objection_file(
                registration_number=request.registration_number,
                tracking_code=CODES[request.registration_number],
                ground=ground,
                statement="x",
            ).objection

    rejected_35_04, partial_35_04, rejected_35_03, rejected_36_01 = refused
    first = objection(rejected_35_04, "a", at(2026, 3, 16, 10, 0))
    second = objection(partial_35_04, "a", at(2026, 3, 16, 11, 0))
    objection(overdue, "c", at(2026, 4, 27, 10, 0))
    fourth = objection(rejected_35_03, "a", at(2026, 3, 13, 10, 0))
    fifth = objection(rejected_36_01, "a", at(2026, 3, 9, 10, 0))
    with freeze_time(at(2026, 4, 1, 10, 0)):
        objection_decide(objection=first, actor=atasan, outcome="dismissed", explanation="No.")
        objection_decide(objection=second, actor=atasan, outcome="upheld", explanation="Yes.")
        objection_decide(objection=fourth, actor=atasan, outcome="dismissed", explanation="No.")
        objection_decide(objection=fifth, actor=atasan, outcome="dismissed", explanation="No.")
    with freeze_time(at(2026, 4, 20, 10, 0)):
        one = dispute_record(objection=first, actor=ppid, filed_on="2026-04-15", case_number="1/2026")
        two = dispute_record(objection=fourth, actor=ppid, filed_on="2026-04-16", case_number="2/2026")
        dispute_record(objection=fifth, actor=ppid, filed_on="2026-04-17", case_number="3/2026")
    with freeze_time(at(2026, 5, 20, 10, 0)):
        dispute_update(
            dispute=one, actor=ppid, stage="closed", mediation_on="2026-05-10", mediation_result="agreed"
        )
        dispute_update(
            dispute=two,
            actor=ppid,
            stage="adjudication",
            mediation_result="failed",
            adjudication_on="2026-05-19",
            adjudication_result="partly_granted",
        )
    return {"ppid": ppid, "atasan": atasan}


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def local_year(moment) -> int:
    return timezone.localtime(moment).year
