"""Objections received on paper, by email or at the desk, registered by staff (decision 1698):
the service, and eligibility judged as the request stood when the objection arrived.

Calendar: see tests/objection_support.py (a request of Monday 2 March 2026 is due 16 March).
"""

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from freezegun import freeze_time
from tests.disclosure_support import request_data
from tests.integrity_support import verify
from tests.objection_support import at, decided_request, filed_request, objection_staff

from eppid.casefiles.once import once_key
from eppid.disclosure.services import request_withdraw
from eppid.law.calendar import receipt_date
from eppid.law.deadlines import deadline_by_rule_set
from eppid.law.models import DeadlineStep
from eppid.objections.models import Objection, ObjectionEvent
from eppid.objections.page_selectors import open_grounds
from eppid.objections.services import objection_register, objection_register_periodic
from eppid.organisation.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return objection_staff(make_staff)


def register(request, actor, ground, arrived, *, now, channel="post", **extra):
    with freeze_time(now), translation.override("en"):
        return objection_register(
            registration_number=request.registration_number,
            ground=ground,
            statement="Surat keberatan tertanggal hari itu.",
            channel=channel,
            received_at=arrived,
            actor=actor,
            **extra,
        )


def refusal(*args, field="reason", **kwargs) -> str:
    with pytest.raises(ValidationError) as raised:
        register(*args, **kwargs)
    return " ".join(raised.value.message_dict[field])


# --- eligibility as of the arrival --------------------------------------------------------------


def test_a_ground_c_letter_that_arrived_before_a_late_decision_is_judged_as_of_its_arrival(staff):
    """Unanswered past due on 17 March when the letter came; answered 25 March; typed in 26 March."""
    request, _code = decided_request(staff["ppid"], at(2026, 3, 25, 10, 0), outcome="granted")
    result = register(request, staff["officer"], "c", at(2026, 3, 17, 9, 0), now=at(2026, 3, 26, 9, 0))
    objection = result.objection
    assert (objection.ground, objection.channel) == ("c", "post")
    assert objection.ground_arose_on == date(2026, 3, 16)
    assert objection.received_on == date(2026, 3, 17)
    assert objection.due_date == deadline_by_rule_set(
        objection.rule_set, DeadlineStep.OBJECTION_RESPONSE, date(2026, 3, 17), request.unit
    )
    assert objection.created_by == staff["officer"]
    event = ObjectionEvent.objects.get(objection=objection)
    assert (event.kind, event.actor) == ("registered", staff["officer"])
    assert result.receipt is not None


def test_a_ground_a_letter_that_arrived_before_the_refusal_is_refused_as_unanswered(staff):
    request, _code = decided_request(staff["ppid"], at(2026, 3, 10, 11, 0), outcome="rejected")
    message = refusal(request, staff["officer"], "a", at(2026, 3, 10, 9, 0), now=at(2026, 3, 11, 9, 0))
    assert "not been answered" in message
    assert not Objection.objects.exists()


def test_the_grounds_offered_follow_the_arrival_moment(staff):
    request, _code = decided_request(staff["ppid"], at(2026, 3, 25, 10, 0), outcome="granted")
    with freeze_time(at(2026, 3, 26, 9, 0)):
        before = {row["value"] for row in open_grounds(request, at=at(2026, 3, 17, 9, 0))}
        after = {row["value"] for row in open_grounds(request)}
    assert "c" in before and "d" not in before
    assert "c" not in after and "d" in after


def test_a_letter_that_arrived_before_the_request_was_withdrawn_is_still_registered(staff):
    request, _code = filed_request()
    with freeze_time(at(2026, 3, 20, 9, 0)):
        request_withdraw(request=request, actor=staff["ppid"], note="Withdrawn by letter.")
    request.refresh_from_db()
    objection = register(request, staff["officer"], "c", at(2026, 3, 17, 9, 0), now=at(2026, 3, 23, 9, 0))
    assert objection.objection.ground == "c"


# --- the day and time it came in ---------------------------------------------------------------


def test_any_offset_is_taken_stored_in_utc_and_a_weekend_counts_from_monday(staff):
    """Saturday 14 March 2026, 17:00 in Jakarta given as 10:00 UTC: counts from Monday 16 March."""
    request, _code = filed_request()
    objection = register(
        request, staff["ppid"], "b", "2026-03-14T10:00:00+00:00", now=at(2026, 3, 17, 9, 0), channel="walk_in"
    ).objection
    objection.refresh_from_db()
    assert objection.received_at == datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    assert objection.received_on == receipt_date(date(2026, 3, 14), request.unit) == date(2026, 3, 16)


@pytest.mark.parametrize("channel", ["phone", "online", "fax", ""])
def test_only_written_channels_are_taken(staff, channel):
    request, _code = filed_request()
    message = refusal(
        request,
        staff["officer"],
        "b",
        at(2026, 3, 3, 9, 0),
        now=at(2026, 3, 4, 9, 0),
        channel=channel,
        field="channel",
    )
    assert "walk_in, post, email" in message
    assert not Objection.objects.exists()


def test_the_day_it_came_in_is_never_in_the_future(staff):
    request, _code = filed_request()
    message = refusal(
        request, staff["officer"], "b", at(2026, 3, 5, 9, 0), now=at(2026, 3, 4, 9, 0), field="received_at"
    )
    assert "future" in message
    assert not Objection.objects.exists()


def test_the_day_it_came_in_is_not_before_1_january_of_last_year(staff):
    request, _code = filed_request()
    message = refusal(
        request, staff["officer"], "b", at(2024, 12, 31, 9, 0), now=at(2026, 3, 4, 9, 0), field="received_at"
    )
    assert "1 January 2025" in message


def test_an_unreadable_time_is_refused(staff):
    request, _code = filed_request()
    message = refusal(
        request, staff["officer"], "b", "kemarin", now=at(2026, 3, 4, 9, 0), field="received_at"
    )
    assert "2026-03-02T09:30:00+07:00" in message


# --- whose request, who may ---------------------------------------------------------------------


def test_a_request_of_another_unit_is_not_found(staff, make_staff):
    request, _code = filed_request(unit="35.05")
    message = refusal(
        request,
        staff["officer"],
        "b",
        at(2026, 3, 3, 9, 0),
        now=at(2026, 3, 4, 9, 0),
        field="registration_number",
    )
    assert "No request of your unit" in message


@pytest.mark.parametrize("who", ["atasan", "auditor"])
def test_only_those_who_work_on_case_files_register(staff, make_staff, who):
    actor = staff["atasan"] if who == "atasan" else make_staff("auditor", ("35.04", "auditor"))
    request, _code = filed_request()
    with pytest.raises(PermissionDenied):
        register(request, actor, "b", at(2026, 3, 3, 9, 0), now=at(2026, 3, 4, 9, 0))
    assert not Objection.objects.exists()


def test_the_same_submission_key_registers_once(staff):
    request, _code = filed_request()
    key = once_key(f"staff:{staff['officer'].pk}", "form-key-0001")
    first = register(request, staff["officer"], "b", at(2026, 3, 3, 9, 0), now=at(2026, 3, 4, 9, 0), once=key)
    again = register(request, staff["officer"], "b", at(2026, 3, 3, 9, 0), now=at(2026, 3, 4, 9, 5), once=key)
    assert first.objection == again.objection
    assert Objection.objects.count() == 1


# --- ground b without a request -----------------------------------------------------------------


def test_a_periodic_objection_on_paper_is_registered_with_its_own_tracking_code(staff):
    with freeze_time(at(2026, 3, 4, 9, 0)), translation.override("en"):
        result = objection_register_periodic(
            unit=Unit.objects.get(code="35.04"),
            actor=staff["officer"],
            data=request_data(),
            statement="Laporan keuangan tidak diumumkan.",
            channel="post",
            received_at=at(2026, 3, 3, 14, 0),
        )
    objection = result.objection
    assert objection.request is None and objection.channel == "post" and result.tracking_code
    assert objection.received_on == date(2026, 3, 3)
    assert ObjectionEvent.objects.get(objection=objection).kind == "registered"


@pytest.mark.django_db(transaction=True)
def test_verify_integrity_stays_clean_after_desk_registrations(staff):
    request, _code = decided_request(staff["ppid"], at(2026, 3, 25, 10, 0), outcome="granted")
    register(request, staff["officer"], "c", "2026-03-17T02:00:00+00:00", now=at(2026, 3, 26, 9, 0))
    register(request, staff["officer"], "b", "2026-03-17T09:00:00-05:00", now=at(2026, 3, 26, 9, 5))
    code, printed = verify()
    assert code == 0, printed


def test_a_registered_objection_is_everywhere_an_online_one_is(staff, client):
    """The register, the statistics, the superior's list, the citizen's status page and the receipt."""
    from eppid.disclosure.register import RegisterPeriod
    from eppid.objections.papers import receipt_pdf
    from eppid.objections.register import objection_register_table
    from eppid.objections.selectors import objections_for_unit
    from eppid.reports.statistics import statistics_for_unit

    request, code = decided_request(staff["ppid"], at(2026, 3, 25, 10, 0), outcome="granted")
    objection = register(
        request, staff["officer"], "c", at(2026, 3, 17, 9, 0), now=at(2026, 3, 26, 9, 0)
    ).objection
    unit = Unit.objects.get(code="35.04")
    with translation.override("en"):
        table = objection_register_table(unit, RegisterPeriod(date(2026, 1, 1), date(2026, 12, 31)))
    assert [row for row in table.rows if objection.number in str(row)]
    figures = statistics_for_unit(unit, 2026)["objections"]
    assert figures["received"] == 1 and figures["by_ground"]["c"] == 1
    assert objection in objections_for_unit(unit, status="received")
    with freeze_time(at(2026, 3, 26, 10, 0)):
        page = client.post(
            "/en/keberatan/status/", {"registration_number": objection.number, "tracking_code": code}
        )
    assert page.status_code == 200
    assert "17 March 2026 09:00 (By post)" in page.content.decode()
    with mock.patch("eppid.objections.papers.pdf_render", return_value=b"%PDF") as render:
        receipt_pdf(objection, leaf_index=1, leaf_hash="00")
    assert "Melalui pos" in str(render.call_args)  # the channel, in the paper's Indonesian
