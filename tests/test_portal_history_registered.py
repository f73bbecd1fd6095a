"""A request or objection registered by staff from paper: the public history names the
registration as such. The page's head gives the day it came in (4 December); the history's first
line is the moment staff entered it (6 December): "Received" there read as a second, later
receipt."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from tests.disclosure_support import request_data

from eppid.disclosure.services import request_submit

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def test_the_history_of_a_request_registered_from_paper_says_registered_by_staff(make_staff, client):
    officer = make_staff("desk", ("35.04", "officer"))
    with freeze_time(datetime(2026, 12, 7, 14, 16, tzinfo=WIB)):
        made = request_submit(
            data=request_data(),
            channel="post",
            received_at=datetime(2026, 12, 4, 10, 0, tzinfo=WIB),
            actor=officer,
        )
        lookup = {
            "registration_number": made.request.registration_number,
            "tracking_code": made.tracking_code,
        }
        english = client.post("/en/permohonan/status/", lookup).content.decode()
        indonesian = client.post("/permohonan/status/", lookup).content.decode()
    history = english.split("<h2>History</h2>", 1)[1]
    assert "7 December 2026 14:16" in history and "Registered by staff" in history
    assert "Dicatat oleh petugas" in indonesian.split("<h2>Riwayat</h2>", 1)[1]
