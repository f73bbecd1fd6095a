"""The statistics selector (issue 13 item 1): recomputed from the registers, rolled up, by hand."""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import mean, median

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time
from tests.register_support import at
from tests.statistics_support import TODAY, local_year, register, unit, urls_loaded  # noqa: F401 - fixtures

from eppid.disclosure.choices import OPEN_STATUSES, Outcome
from eppid.disclosure.register import RegisterPeriod, register_requests
from eppid.law.calendar import working_days_between
from eppid.objections.models import Dispute
from eppid.objections.selectors import objections_for_unit
from eppid.organisation.models import Unit
from eppid.reports.statistics import (
    statistics_by_child,
    statistics_for_unit,
    statistics_scope_clean,
    statistics_year_clean,
)

pytestmark = pytest.mark.django_db


def _stats(code: str, scope: str = "unit", year: int = 2026) -> dict:
    with freeze_time(TODAY):
        return statistics_for_unit(unit(code), year, scope)


def _codes(code: str, scope: str) -> list[str]:
    if scope == "unit":
        return [code]
    if code == "00":
        return list(Unit.objects.values_list("code", flat=True))
    return list(Unit.objects.filter(code__startswith=code).values_list("code", flat=True))


def _from_registers(code: str, scope: str, year: int = 2026) -> dict:
    """The same numbers, counted one row at a time from each unit's registers."""
    today = TODAY.date()
    # The register lists by the working day a request counts as received: take a wider period
    # and keep what was received (Asia/Jakarta) in the year.
    period = RegisterPeriod(start=date(year - 1, 12, 1), end=date(year + 1, 1, 31))
    requests, objections, days = [], [], []
    for each in _codes(code, scope):
        rows = [row for row in register_requests(unit(each), period) if local_year(row.received_at) == year]
        requests += rows
        for row in rows:
            if hasattr(row, "decision"):
                decided_on = timezone.localtime(row.decision.decided_at).date()
                days.append(max(0, working_days_between(row.received_on, decided_on, each)))
        objections += [row for row in objections_for_unit(unit(each)) if local_year(row.received_at) == year]
    outcomes = Counter(row.decision.outcome for row in requests if hasattr(row, "decision"))
    statuses = Counter(row.status for row in requests)
    exemptions = Counter(
        row.decision.exemption_basis
        for row in requests
        if hasattr(row, "decision") and row.decision.exemption_basis
    )
    decided = Counter(row.outcome for row in objections)
    disputes = [
        dispute
        for dispute in Dispute.objects.filter(objection__unit__code__in=_codes(code, scope))
        if dispute.filed_on.year == year
    ]
    return {
        "received": len(requests),
        **{outcome: outcomes[outcome] for outcome in Outcome.values},
        "forwarded": statuses["forwarded"],
        "withdrawn": statuses["withdrawn"],
        "open": sum(statuses[status] for status in OPEN_STATUSES),
        "overdue": sum(1 for row in requests if row.status in OPEN_STATUSES and row.due_date < today),
        "by_exemption": exemptions,
        "days": {
            "mean": round(mean(days), 2) if days else None,
            "median": float(median(days)) if days else None,
            "max": max(days) if days else None,
        },
        "objections": {
            "received": len(objections),
            "by_ground": Counter(row.ground for row in objections),
            **{key: decided[key] for key in ("upheld", "dismissed", "settled")},
            "open": sum(1 for row in objections if row.status == "received"),
            "overdue": sum(1 for row in objections if row.status == "received" and row.due_date < today),
        },
        "disputes": {
            "received": len(disputes),
            "by_stage": Counter(dispute.stage for dispute in disputes),
        },
    }


def _nonzero(counts: dict) -> dict:
    return {key: value for key, value in counts.items() if value}


CASES = [("35.04", "unit"), ("35.03", "unit"), ("35", "unit"), ("35", "tree"), ("00", "tree")]


@pytest.mark.usefixtures("register")
def test_numbers_are_those_of_the_registers(subtests):
    # One register for every case: building it is most of the time.
    for code, scope in CASES:
        with subtests.test(code=code, scope=scope):
            _check_against_registers(code, scope)


def _check_against_registers(code, scope):
    stats, expected = _stats(code, scope), _from_registers(code, scope)
    requests = stats["requests"]
    for key in ("received", *Outcome.values, "forwarded", "withdrawn", "open", "overdue"):
        assert requests[key] == expected[key], key
    assert _nonzero(requests["by_exemption"]) == dict(expected["by_exemption"])
    assert requests["working_days_to_decide"] == expected["days"]
    objections = stats["objections"]
    for key in ("received", "upheld", "dismissed", "settled", "open", "overdue"):
        assert objections[key] == expected["objections"][key], key
    assert _nonzero(objections["by_ground"]) == dict(expected["objections"]["by_ground"])
    assert stats["disputes"]["received"] == expected["disputes"]["received"]
    assert _nonzero(stats["disputes"]["by_stage"]) == dict(expected["disputes"]["by_stage"])


@pytest.mark.usefixtures("register")
def test_a_unit_counted_by_hand():
    stats = _stats("35.04")
    assert (stats["unit"], stats["year"], stats["scope"], stats["units"]) == ("35.04", 2026, "unit", 1)
    requests = stats["requests"]
    # Not the request of 31 December 2025 at 20:00 WIB, although it counts as received on 2 January.
    assert requests["received"] == 9
    outcomes = ("granted", "partially_granted", "rejected", "not_held")
    assert [requests[key] for key in outcomes] == [2, 1, 1, 1]
    assert [requests[key] for key in ("forwarded", "withdrawn", "open", "overdue")] == [1, 1, 2, 1]
    # Every exemption ground of the law data is a key, zero when unused.
    assert requests["by_exemption"]["h"] == 1 and requests["by_exemption"]["b"] == 1
    assert set("abcdefghij") <= set(requests["by_exemption"])
    # 2 Mar -> 5 Mar: 3; 2 Mar -> 30 Mar over Nyepi and Lebaran: 15; 3 -> 12 Mar: 7; 4 -> 11 Mar: 5;
    # Saturday 7 Feb (counts as Monday 9 Feb) -> Monday 9 Feb: 0.
    assert requests["working_days_to_decide"] == {"mean": 6.0, "median": 5.0, "max": 15}
    objections = stats["objections"]
    assert [objections[key] for key in ("received", "upheld", "dismissed", "open")] == [3, 1, 1, 1]
    assert objections["by_ground"]["a"] == 2 and objections["by_ground"]["c"] == 1
    assert set("abcdefg") <= set(objections["by_ground"])
    disputes = stats["disputes"]
    assert disputes["received"] == 1 and disputes["by_stage"]["closed"] == 1
    assert disputes["by_result"]["agreed"] == 1 and sum(disputes["by_result"].values()) == 1
    assert stats["survey"] == {
        "responses": 0,
        "elements": {f"u{n}": None for n in range(1, 10)},
        "ikm": None,
        "grade": None,
    }
    # Trenggalek was closed on Friday 6 March: 2 -> 9 March is 4 working days there, not 5.
    assert _stats("35.03")["requests"]["working_days_to_decide"] == {"mean": 4.5, "median": 4.5, "max": 5}
    result = _stats("35.03")["disputes"]["by_result"]
    assert result["partly_granted"] == 1


def _summed(parts: list[dict]) -> dict:
    def add(values):
        if isinstance(values[0], dict):
            return {key: add([value.get(key, 0) for value in values]) for key in values[0]}
        return sum(values)

    return add(parts)


def _counts(stats: dict) -> dict:
    requests = {key: value for key, value in stats["requests"].items() if key != "working_days_to_decide"}
    return {"requests": requests, "objections": stats["objections"], "disputes": stats["disputes"]}


@pytest.mark.usefixtures("register")
def test_a_province_is_the_sum_of_its_units():
    province = _stats("35", "tree")
    parts = [_stats(code) for code in _codes("35", "tree")]
    assert _counts(province) == _counts(_summed([_counts(part) for part in parts]))
    assert province["units"] == len(parts) == Unit.objects.filter(code__startswith="35").count()
    assert province["requests"]["received"] == 9 + 4 + 1  # 35.04, 35.03 (one forwarded in), 35
    # Working days over all their decisions: 3, 15, 7, 5, 0 (35.04), 4, 5 (35.03), 3 (35).
    assert province["requests"]["working_days_to_decide"] == {"mean": 5.25, "median": 4.5, "max": 15}
    # The units below, side by side in code order, add up to the tree.
    with freeze_time(TODAY):
        rows = statistics_by_child(unit("35"), 2026)
    assert [row["unit"].code for row in rows[:-1]] == sorted(row["unit"].code for row in rows[:-1])
    assert rows[-1]["unit"].code == "35" and rows[-1].get("own") and rows[-1]["received"] == 1
    by_code = {row["unit"].code: row for row in rows[:-1]}
    assert (by_code["35.04"]["received"], by_code["35.04"]["open"], by_code["35.04"]["overdue"]) == (9, 2, 1)
    assert by_code["35.04"]["decided"] == 5 and by_code["35.04"]["objections"] == 3
    for key in ("received", "decided", "open", "overdue", "objections"):
        assert (
            sum(row[key] for row in rows)
            == {
                "received": province["requests"]["received"],
                "decided": sum(province["requests"][outcome] for outcome in Outcome.values),
                "open": province["requests"]["open"],
                "overdue": province["requests"]["overdue"],
                "objections": province["objections"]["received"],
            }[key]
        )
    assert sum(row["units"] for row in rows) == province["units"]
    national = _stats("00", "tree")
    outside = _stats("36.01")
    assert _counts(national) == _counts(_summed([_counts(province), _counts(outside), _counts(_stats("00"))]))
    assert national["units"] == 553


@pytest.mark.usefixtures("register")
def test_other_years_and_the_number_of_queries():
    stats = _stats("35.04", year=2024)
    assert stats["requests"]["received"] == 0
    assert stats["requests"]["working_days_to_decide"] == {"mean": None, "median": None, "max": None}
    assert stats["objections"]["received"] == 0 and stats["disputes"]["received"] == 0
    assert _stats("35.04", year=2025)["requests"]["received"] == 2
    # Aggregate queries: their number does not grow with the rows or the units.
    with CaptureQueriesContext(connection) as queries:
        _stats("00", "tree")
    assert len(queries) <= 15


def test_year_and_scope_are_checked():
    this_year = timezone.localdate().year
    assert statistics_year_clean(None) == this_year and statistics_year_clean(" 2024 ") == 2024
    for bad in ("abc", "2007", str(this_year + 1), "20.5", True):
        with pytest.raises(ValidationError) as error:
            statistics_year_clean(bad)
        assert "year" in error.value.message_dict
    assert statistics_scope_clean("") == "unit" and statistics_scope_clean("tree") == "tree"
    with pytest.raises(ValidationError) as error:
        statistics_scope_clean("province")
    assert "scope" in error.value.message_dict


def test_a_ground_not_in_force_that_year_is_still_counted(make_staff):
    """A refusal naming a ground that came into force after the year began counts under its code."""
    from tests.law_support import new_ground
    from tests.statistics_support import _decide, _walk_in

    from eppid.law.models import GroundKind

    ppid = make_staff("ppid", ("35.04", "ppid"))
    new_ground(kind=GroundKind.EXEMPTION, code="k", effective_from=date(2026, 1, 1))
    request = _walk_in("35.04", at(2025, 12, 30, 10, 0), ppid)
    _decide(request, ppid, at(2026, 1, 5, 10, 0), "rejected", exemption_basis="k")
    with freeze_time(TODAY):
        by_exemption = statistics_for_unit(unit("35.04"), 2025, "unit")["requests"]["by_exemption"]
    assert list(by_exemption)[-1] == "k" and by_exemption["k"] == 1
    assert sum(by_exemption.values()) == 1


def test_the_survey_answers_of_the_unit_are_in_its_statistics(make_staff):
    from tests.survey_support import ANSWER_DAY, decided, scores

    from eppid.reports.survey import survey_answer_record

    request, _code = decided(make_staff("petugas-survei", ("35.04", "officer")))
    with freeze_time(ANSWER_DAY):
        survey_answer_record(request=request, scores=scores(4, u1=3))
    with freeze_time(ANSWER_DAY):
        survey = statistics_for_unit(unit("35.04"), 2026, "unit")["survey"]
    assert survey["responses"] == 1 and survey["elements"]["u1"] == 3.0 and survey["elements"]["u2"] == 4.0
    assert survey["ikm"] is not None and survey["grade"] == "A"
