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
