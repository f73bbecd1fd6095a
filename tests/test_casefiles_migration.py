"""The move to the one case-file counter (casefiles.CaseCounter, issue 11 item 1, decision 1500)
keeps every row, number and log entry valid: ``verify_integrity`` exits 0 at the migration state
before it and after it, and numbering continues without a gap where the old counters stopped."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from freezegun import freeze_time
from tests.disclosure_support import request_data
from tests.objection_support import at, filed_request

from eppid.casefiles.models import CaseCounter
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit
from eppid.integrity.models import LogEntry
from eppid.integrity.verification import check_chain
from eppid.objections.models import Objection
from eppid.objections.services import objection_file
from eppid.organisation.models import Unit

# Unapplying the counter's own migration unapplies the two that move the apps' counters into it.
BEFORE = [("casefiles", None)]
OLD_STATE = [
    ("disclosure", "0006_statistics_covering_indexes"),
    ("objections", "0003_rule_set_and_grounds_as_data"),
]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


def _verify() -> int:
    try:
        call_command("verify_integrity", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as error:
        return error.returncode
    return 0


def _counters() -> dict[tuple[str, str, int], int]:
    return {
        (row.kind, row.unit.code, row.year): row.last for row in CaseCounter.objects.select_related("unit")
    }


@pytest.mark.django_db(transaction=True)
def test_the_counters_move_into_casefiles_and_numbering_goes_on_without_a_gap():
    request, code = filed_request()
    filed_request()  # 35.04 has given two request numbers in 2026
    with freeze_time(at(2026, 3, 17, 9, 0)):  # the request is overdue: ground c
        objection = objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="c", statement="x"
        ).objection
    counters = _counters()
    assert counters == {("request", "35.04", 2026): 2, ("objection", "35.04", 2026): 1}
    rows = (InformationRequest.objects.count(), Objection.objects.count(), LogEntry.objects.count())
    assert _verify() == 0

    try:
        _before_and_after(request, counters, rows)
    finally:
        _migrate(None)  # whatever failed, the next test finds the database as migrations leave it
    objection.refresh_from_db()
    assert objection.number.endswith("-2026-00001")
    with freeze_time(at(2026, 3, 3, 10, 0)):
        here = request_submit(data=request_data()).request
        there = request_submit(data=request_data(unit="35.05")).request
    assert (here.sequence, there.sequence) == (3, 42)
    assert there.registration_number == "35.05-2026-00042"
    assert _verify() == 0


def _before_and_after(request, counters, rows):
    old = _migrate(BEFORE).loader.project_state(OLD_STATE).apps
    request_counter = old.get_model("disclosure", "RequestCounter")
    objection_counter = old.get_model("objections", "ObjectionCounter")
    assert {(row.unit_id, row.year, row.last) for row in request_counter.objects.all()} == {
        (request.unit_id, 2026, 2)
    }
    assert {(row.unit_id, row.year, row.last) for row in objection_counter.objects.all()} == {
        (request.unit_id, 2026, 1)
    }
    # A unit whose numbers the old counter alone knows: 41 already given this year.
    other = Unit.objects.get(code="35.05")
    request_counter.objects.create(unit_id=other.pk, year=2026, last=41)
    # verify_integrity reads every model this code defines, so it needs the schema this code
    # migrates to (a later migration may add an encrypted table, e.g. casefiles 0002): at the old
    # state the log's chain is what can be checked.
    assert list(check_chain()) == []

    _migrate(None)
    assert _verify() == 0
    assert _counters() == {**counters, ("request", "35.05", 2026): 41}
    assert (InformationRequest.objects.count(), Objection.objects.count()) == rows[:2]
    assert LogEntry.objects.count() == rows[2]  # the move logs nothing: counters are not records
