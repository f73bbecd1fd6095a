"""Helpers for the objection tests (not a test module): a request in a known state on known days.

Calendar used throughout (2026, holidays package ID public+government): Nyepi 18-19 March,
Lebaran with cuti bersama 20-24 March, Good Friday 3 April, Labour Day 1 May. A request received
Monday 2 March 2026 is due Monday 16 March.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from tests.disclosure_support import request_data

import eppid.urls  # noqa: F401 - the URLconf (ninja schemas) must load before freezegun fakes datetime
from eppid.disclosure.services import request_decide, request_start, request_submit
from eppid.objections.services import objection_file

WIB = ZoneInfo("Asia/Jakarta")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def filed_request(**overrides):
    """A request received 2 March 2026 at 10:00 (due 16 March); returns (request, tracking_code)."""
    with freeze_time(at(2026, 3, 2, 10, 0)):
        result = request_submit(data=request_data(**overrides))
    return result.request, result.tracking_code


def decided_request(actor, when, outcome="rejected", **values):
    """A request of 2 March decided at ``when`` (a datetime) with ``outcome``."""
    request, code = filed_request()
    if outcome in ("rejected", "partially_granted"):
        values.setdefault("exemption_basis", "h")
    if outcome == "not_held":
        values.setdefault("held_by", "KPU Kabupaten Tulungagung")
    with freeze_time(when):
        request_start(request=request, actor=actor)
        request_decide(request=request, actor=actor, outcome=outcome, explanation="Reasons.", **values)
    request.refresh_from_db()
    return request, code


def objection_staff(make_staff) -> dict:
    """The staff of the objection tests: the superior, an officer and the PPID of 35.04, the
    superior of the province (35), and a system administrator (``admin``)."""
    return {
        "atasan": make_staff("atasan", ("35.04", "superior")),
        "officer": make_staff("officer", ("35.04", "officer")),
        "ppid": make_staff("ppid", ("35.04", "ppid")),
        "atasan_jatim": make_staff("atasan-jatim", ("35", "superior")),
        "admin": make_staff("root", is_superuser=True, is_staff=True),
    }


def objection_filed_on_refusal(staff, ground="a", when=None):
    """An objection on ``ground`` filed on 11 March 2026 at 9:00 (or ``when``) against a request of
    2 March refused on 10 March by ``staff["ppid"]``; returns (FileResult, tracking_code)."""
    request, code = decided_request(staff["ppid"], at(2026, 3, 10, 11, 0))
    with freeze_time(when or at(2026, 3, 11, 9, 0)):
        result = objection_file(
            registration_number=request.registration_number,
            tracking_code=code,
            ground=ground,
            statement="Why?",
        )
    return result, code
