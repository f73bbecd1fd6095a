"""A closure day moves the stored deadlines of the open cases whose period it falls in (decision 1680).

Calendar (2026, holidays package ID public+government): Nyepi 18-19 March, Lebaran with cuti
bersama 20-24 March, Good Friday 3 April, Labour Day 1 May. A request received Monday 2 March
2026 is due Monday 16 March; an objection received Wednesday 11 March is due Thursday 30 April.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from freezegun import freeze_time
from tests.objection_support import at, filed_request, objection_filed_on_refusal, objection_staff

from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.disclosure.services import request_decide, request_extend, request_start
from eppid.law import services as law_services
from eppid.law.models import ClosureDay
from eppid.objections.models import Objection, ObjectionEvent
from eppid.objections.page_selectors import dispute_info
from eppid.objections.papers import dispute_paragraph
from eppid.objections.selectors import dispute_window
from eppid.objections.services import objection_decide
from eppid.organisation.selectors import user_may_manage_closures

pytestmark = pytest.mark.django_db

MONDAY = at(2026, 3, 2, 11, 0)  # after the request of 2 March was filed


@pytest.fixture
def staff(make_staff):
    people = objection_staff(make_staff)
    people["bogor"] = make_staff("ppid-bogor", ("32.01", "ppid"))
    return people


def close(day, unit_code, admin, when=MONDAY):
    with freeze_time(when):
        return law_services.closure_day_add(
            actor=admin, day=day, unit_code=unit_code, reason="Flood", may_manage=user_may_manage_closures
        )


def reopen(closure, admin, when=MONDAY):
    with freeze_time(when):
        return law_services.closure_day_remove(
            actor=admin, closure=closure, may_manage=user_may_manage_closures
        )


def moved_events(case):
    return [event for event in case.events.order_by("at", "pk") if event.kind == "deadline_moved"]


def fresh(case):
    return type(case).objects.get(pk=case.pk)


def test_a_closure_inside_an_open_requests_window_moves_its_due_date_with_an_event(staff):
    request, _code = filed_request()
    assert (request.due_date, request.original_due_date) == (date(2026, 3, 16), date(2026, 3, 16))
    closure = close(date(2026, 3, 4), "35.04", staff["admin"])
    assert closure.deadlines_moved == 1
    request = fresh(request)
    # The office is closed on Wednesday 4 March: the tenth working day is Tuesday 17 March.
    assert (request.due_date, request.original_due_date) == (date(2026, 3, 17), date(2026, 3, 17))
    (event,) = moved_events(request)
    assert event.status_after == "" and event.actor == staff["admin"]
    with translation.override("en"):
        assert event.note_display == "Deadline moved to 17 March 2026: closure day 4 March 2026."
    with translation.override("id"):
        assert event.note_display == (
            "Batas waktu dipindahkan ke 17 Maret 2026: hari penutupan layanan 4 Maret 2026."
        )


def test_a_closure_outside_the_window_moves_nothing(staff):
    request, _code = filed_request()
    closure = close(date(2026, 3, 17), "35.04", staff["admin"])  # the day after the due date
    assert closure.deadlines_moved == 0
    assert fresh(request).due_date == date(2026, 3, 16)
    assert moved_events(request) == []


@pytest.mark.parametrize("day", [date(2026, 3, 7), date(2026, 3, 19)], ids=["saturday", "nyepi"])
def test_a_weekend_or_holiday_is_refused_and_moves_nothing(staff, day):
    request, _code = filed_request()
    with pytest.raises(ValidationError):
        close(day, "35.04", staff["admin"])
    assert fresh(request).due_date == date(2026, 3, 16)
    assert moved_events(request) == []


def test_a_decided_request_keeps_its_dates(staff):
    request, _code = filed_request()
    with freeze_time(MONDAY):
        request_start(request=request, actor=staff["ppid"])
        request_decide(request=request, actor=staff["ppid"], outcome="granted", explanation="Here.")
    closure = close(date(2026, 3, 4), "35.04", staff["admin"])
    assert closure.deadlines_moved == 0
    assert fresh(request).due_date == date(2026, 3, 16)
    assert moved_events(request) == []


def test_another_units_closure_leaves_the_request_alone(staff):
    request, _code = filed_request()
    bogor, _code = filed_request(unit="32.01")
    close(date(2026, 3, 4), "32.01", staff["admin"])
    assert fresh(request).due_date == date(2026, 3, 16)
    assert fresh(bogor).due_date == date(2026, 3, 17)
    assert moved_events(request) == [] and len(moved_events(bogor)) == 1


def test_a_closure_for_all_units_moves_every_units_open_requests_and_removing_it_moves_them_back(staff):
    tulungagung, _code = filed_request()
    bogor, _code = filed_request(unit="32.01")
    closure = close(date(2026, 3, 4), None, staff["admin"])
    assert closure.deadlines_moved == 2
    assert fresh(tulungagung).due_date == fresh(bogor).due_date == date(2026, 3, 17)
    assert reopen(closure, staff["admin"]) == 2
    assert not ClosureDay.objects.exists()
    for request in (tulungagung, bogor):
        request = fresh(request)
        assert (request.due_date, request.original_due_date) == (date(2026, 3, 16), date(2026, 3, 16))
        added, removed = moved_events(request)
        with translation.override("en"):
            assert removed.note_display == (
                "Deadline moved to 16 March 2026: closure day 4 March 2026 cancelled."
            )


def test_a_unit_closure_on_a_day_already_closed_for_all_units_moves_nothing_more(staff):
    request, _code = filed_request()
    close(date(2026, 3, 4), None, staff["admin"])
    assert close(date(2026, 3, 5), "35.04", staff["admin"]).deadlines_moved == 1
    # 4 and 5 March closed: the tenth working day after 2 March is Wednesday 25 March (after Lebaran).
    assert fresh(request).due_date == date(2026, 3, 25)


def test_an_extended_request_moves_by_the_extension_rule_from_its_original_due_date(staff):
    request, _code = filed_request()
    with freeze_time(MONDAY):
        request_extend(request=request, actor=staff["ppid"], reason="Archive")
    request = fresh(request)
    # 7 working days after 16 March: 17, 25, 26, 27, 30, 31 March, 1 April.
    assert (request.original_due_date, request.due_date) == (date(2026, 3, 16), date(2026, 4, 1))
    # A closure before the original due date moves both.
    close(date(2026, 3, 4), "35.04", staff["admin"])
    request = fresh(request)
    assert (request.original_due_date, request.due_date) == (date(2026, 3, 17), date(2026, 4, 2))
    # One inside the extension moves only the due date.
    close(date(2026, 3, 26), "35.04", staff["admin"])
    request = fresh(request)
    assert (request.original_due_date, request.due_date) == (date(2026, 3, 17), date(2026, 4, 6))
    assert len(moved_events(request)) == 2


def test_an_overdue_request_is_not_moved(staff):
    request, _code = filed_request()
    # On 17 March the window (2-16 March) has closed; no closure can be added in the past.
    closure = close(date(2026, 3, 17), "35.04", staff["admin"], when=at(2026, 3, 17, 8, 0))
    assert closure.deadlines_moved == 0
    assert fresh(request).due_date == date(2026, 3, 16)


def test_an_objection_awaiting_response_moves_and_a_decided_one_keeps_its_dates(staff):
    result, _code = objection_filed_on_refusal(staff)
    objection = result.objection
    assert objection.due_date == date(2026, 4, 30)
    closure = close(date(2026, 3, 12), "35.04", staff["admin"], when=at(2026, 3, 11, 10, 0))
    assert closure.deadlines_moved == 1
    objection = fresh(objection)
    assert objection.due_date == date(2026, 5, 4)  # 1 May is Labour Day
    (event,) = moved_events(objection)
    with translation.override("en"):
        assert event.note_display == "Deadline moved to 4 May 2026: closure day 12 March 2026."
    # The request it objects to is decided: untouched.
    assert moved_events(objection.request) == []
    with freeze_time(at(2026, 3, 13, 10, 0)):
        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="No.")
    close(date(2026, 3, 16), "35.04", staff["admin"], when=at(2026, 3, 13, 11, 0))
    assert fresh(objection).due_date == date(2026, 5, 4)
    assert len(moved_events(objection)) == 1


def test_a_decided_objections_dispute_window_stays_what_its_signed_response_says(staff):
    result, _code = objection_filed_on_refusal(staff)
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection = objection_decide(objection=result.objection, actor=staff["atasan"], outcome="upheld")
    # 14 working days after 17 March: the response says 14 April.
    assert objection.dispute_last_day == date(2026, 4, 14)
    assert dispute_window(objection) == (date(2026, 3, 17), date(2026, 4, 14))
    close(date(2026, 4, 1), "35.04", staff["admin"], when=at(2026, 3, 18, 10, 0))
    objection = fresh(objection)
    assert dispute_window(objection) == (date(2026, 3, 17), date(2026, 4, 14))
    info = dispute_info(objection, date(2026, 3, 18))
    assert info["end"] == date(2026, 4, 14)
    # The response, made again from the record (the signing retry does), says the same day.
    assert "14 April 2026" in dispute_paragraph(objection)
    assert objection.followup_due_date == date(2026, 4, 8)  # stated on the response too


def test_the_pages_and_the_staff_api_show_the_moved_dates(staff, client, verified_client, api_client):
    request, code = filed_request()
    result, objection_code = objection_filed_on_refusal(staff)
    close(date(2026, 3, 12), "35.04", staff["admin"], when=at(2026, 3, 11, 10, 0))
    objection = fresh(result.objection)
    assert fresh(request).due_date == date(2026, 3, 17)
    with freeze_time(at(2026, 3, 11, 12, 0)):
        page = client.post(
            "/en/permohonan/status/",
            {"registration_number": request.registration_number, "tracking_code": code},
        ).content.decode()
        assert "Deadline moved to 17 March 2026: closure day 12 March 2026." in page
        lookup = {"registration_number": objection.number, "tracking_code": objection_code}
        page = client.post("/en/keberatan/status/", lookup).content.decode()
        assert "Deadline moved to 4 May 2026: closure day 12 March 2026." in page
        staff_client = verified_client(staff["ppid"])
        page = staff_client.get(f"/en/office/units/35.04/requests/{request.registration_number}/").content
        assert "Deadline moved to 17 March 2026: closure day 12 March 2026." in page.decode()
        page = staff_client.get(f"/en/office/units/35.04/objections/{objection.number}/").content
        assert "Deadline moved to 4 May 2026: closure day 12 March 2026." in page.decode()
        api = api_client(staff["ppid"])
        detail = api.get(f"/api/v1/staff/requests/{request.registration_number}").json()
        assert detail["due_date"] == "2026-03-17"
        detail = api.get(f"/api/v1/staff/objections/{objection.number}").json()
        assert detail["due_date"] == "2026-05-04"
        public = client.get(
            f"/api/v1/requests/{request.registration_number}", HTTP_X_TRACKING_CODE=code
        ).json()
        # The contract's history lists status changes only.
        assert public["due_date"] == "2026-03-17"
        assert [entry["status"] for entry in public["history"]] == ["received"]


def test_the_closure_page_says_how_many_deadlines_moved(staff, verified_client):
    filed_request()
    filed_request()
    with freeze_time(MONDAY):
        client = verified_client(staff["admin"])
        response = client.post(
            "/en/office/calendar/closures/new/", {"date": "2026-03-04", "unit": "35.04", "reason": "Flood"}
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "Closure day added: 4 March 2026. 2 deadlines moved." in page
    assert InformationRequest.objects.filter(due_date=date(2026, 3, 17)).count() == 2
    assert RequestEvent.objects.filter(kind="deadline_moved").count() == 2
    assert not ObjectionEvent.objects.filter(kind="deadline_moved").exists()
    assert Objection.objects.count() == 0


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _verify() -> int:
    try:
        call_command("verify_integrity", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as error:
        return error.returncode
    return 0


@pytest.mark.django_db(transaction=True)
def test_objections_decided_before_the_migration_get_the_day_their_response_counted(make_staff):
    staff = objection_staff(make_staff)
    result, _code = objection_filed_on_refusal(staff)
    with freeze_time(at(2026, 3, 16, 10, 0)):  # closed before the decision: on the response
        ClosureDay.objects.create(
            date=date(2026, 4, 6), unit_code="35.04", reason="x", created_by=staff["admin"]
        )
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection = objection_decide(objection=result.objection, actor=staff["atasan"], outcome="upheld")
    assert objection.dispute_last_day == date(2026, 4, 15)
    try:
        _migrate([("objections", "0005_outcome_label_without_citation")])
        with freeze_time(at(2026, 3, 18, 10, 0)):  # closed after it: not on the response
            ClosureDay.objects.create(
                date=date(2026, 4, 1), unit_code=None, reason="y", created_by=staff["admin"]
            )
    finally:
        _migrate(None)
    assert fresh(objection).dispute_last_day == date(2026, 4, 15)
    assert _verify() == 0
