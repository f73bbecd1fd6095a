"""Shared by the election-information tests: Jakarta time, the election rule set's name,
declaring a period on a given day, and a request submitted at a given moment."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data

from eppid.disclosure.services import request_submit
from eppid.law.services import election_period_add
from eppid.organisation.selectors import user_may_manage_election_periods

WIB = ZoneInfo("Asia/Jakarta")
ELECTION_SET = "Perki No. 1 Tahun 2019"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def declare(admin, unit_code, first, last, *, name="Pilkada 2026: stages", on=date(2026, 3, 2)):
    with freeze_time(datetime(on.year, on.month, on.day, 3, 0, tzinfo=WIB)):
        return election_period_add(
            actor=admin,
            name=name,
            starts_on=first,
            ends_on=last,
            unit_code=unit_code,
            may_manage=user_may_manage_election_periods,
        )


def submit(when, *, unit="35.04", election=True, **overrides):
    with freeze_time(when):
        data = request_data(unit=unit, election_information="true" if election else "", **overrides)
        return request_submit(data=data, identity_document=pdf_upload())


def regime(request) -> str:
    return request.rule_set.regime
