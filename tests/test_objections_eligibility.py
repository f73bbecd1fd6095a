"""Which Pasal 35(1) grounds fit, and both ends of every filing period, across 2026 holidays."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from freezegun import freeze_time
from tests.objection_support import at, decided_request, filed_request

from eppid.disclosure.services import request_forward, request_withdraw
from eppid.objections.models import Objection
from eppid.objections.services import RequestNotFound, objection_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def ppid(make_staff):
    return make_staff("ppid", ("35.04", "ppid"))


def file(request, code, ground, when):
    with freeze_time(when), translation.override("en"):
        return objection_file(
            registration_number=request.registration_number,
            tracking_code=code,
            ground=ground,
            statement="I disagree with how my request was handled.",
        ).objection


def refusal(request, code, ground, when) -> str:
    with pytest.raises(ValidationError) as raised:
        file(request, code, ground, when)
    return " ".join(raised.value.message_dict["reason"])


# --- c: unanswered past its due date (16 March); period ends 30 WD later: 6 May 2026 -----------


def test_c_is_refused_on_the_due_date_itself_and_says_from_when():
    request, code = filed_request()
    message = refusal(request, code, "c", at(2026, 3, 16, 15, 0))
    assert "16 March 2026" in message and "17 March 2026" in message


def test_c_opens_the_day_after_the_due_date_with_the_period_counted_past_lebaran():
    request, code = filed_request()
    objection = file(request, code, "c", at(2026, 3, 17, 9, 0))
    assert objection.ground_arose_on == date(2026, 3, 16)
    # 30 working days after 16 March skip Nyepi, Lebaran + cuti bersama, Good Friday, 1 May.
    assert objection.filing_last_day == date(2026, 5, 6)
    assert objection.number == "KEB-35.04-2026-00001"


def test_c_on_the_last_day_of_its_period_is_accepted():
    request, code = filed_request()
    assert file(request, code, "c", at(2026, 5, 6, 23, 30)).ground == "c"


def test_c_the_day_after_its_period_is_refused_naming_the_last_day():
    request, code = filed_request()
    message = refusal(request, code, "c", at(2026, 5, 7, 0, 5))
    assert "6 May 2026" in message and "16 March 2026" in message and "30 working days" in message
    assert not Objection.objects.exists()


def test_c_is_refused_once_the_request_is_answered(ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0), outcome="granted")
    assert "answered on 10 March 2026" in refusal(request, code, "c", at(2026, 3, 17, 9, 0))


# --- a: refusal or partial grant; period from the notice (10 March): ends 29 April -------------


@pytest.mark.parametrize("outcome", ["rejected", "partially_granted"])
def test_a_fits_a_refusal_or_partial_grant_until_the_end_of_its_period(ppid, outcome):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0), outcome=outcome)
    objection = file(request, code, "a", at(2026, 4, 29, 16, 0))
    assert (objection.ground_arose_on, objection.filing_last_day) == (date(2026, 3, 10), date(2026, 4, 29))


def test_a_on_the_notice_day_itself_is_accepted(ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    assert file(request, code, "a", at(2026, 3, 10, 15, 0)).ground == "a"


def test_a_after_its_period_is_refused_naming_the_last_day(ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    assert "29 April 2026" in refusal(request, code, "a", at(2026, 4, 30, 8, 0))


@pytest.mark.parametrize("outcome", ["granted", "not_held"])
def test_a_does_not_fit_a_grant_or_not_held(ppid, outcome):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0), outcome=outcome)
    assert "was not refused" in refusal(request, code, "a", at(2026, 3, 11, 9, 0))


def test_a_does_not_fit_an_unanswered_request():
    request, code = filed_request()
    assert "not been answered" in refusal(request, code, "a", at(2026, 3, 11, 9, 0))


# --- g: a late notice (arose on the notice day) or none past due (arose on the due date) -------


def test_g_fits_a_notice_given_after_the_due_date_until_30_wd_after_it(ppid):
    request, code = decided_request(ppid, at(2026, 3, 17, 9, 0), outcome="granted")
    objection = file(request, code, "g", at(2026, 5, 7, 12, 0))
    assert (objection.ground_arose_on, objection.filing_last_day) == (date(2026, 3, 17), date(2026, 5, 7))


def test_g_after_the_period_of_a_late_notice_is_refused(ppid):
    request, code = decided_request(ppid, at(2026, 3, 17, 9, 0), outcome="granted")
    assert "7 May 2026" in refusal(request, code, "g", at(2026, 5, 8, 9, 0))


def test_g_does_not_fit_a_notice_on_time(ppid):
    request, code = decided_request(ppid, at(2026, 3, 16, 16, 0), outcome="granted")
    assert "within its due date" in refusal(request, code, "g", at(2026, 3, 17, 9, 0))


def test_g_without_a_notice_past_due_counts_from_the_due_date():
    request, code = filed_request()
    assert "not late yet" in refusal(request, code, "g", at(2026, 3, 16, 9, 0))
    objection = file(request, code, "g", at(2026, 5, 6, 9, 0))
    assert (objection.ground_arose_on, objection.filing_last_day) == (date(2026, 3, 16), date(2026, 5, 6))


# --- d, e, f: an answered request (f: one that charged a fee) ----------------------------------


@pytest.mark.parametrize("ground", ["d", "e"])
def test_d_and_e_need_an_answer_and_run_30_wd_from_it(ppid, ground):
    unanswered, code0 = filed_request()
    assert "not been answered" in refusal(unanswered, code0, ground, at(2026, 3, 11, 9, 0))
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0), outcome="granted")
    assert file(request, code, ground, at(2026, 4, 29, 9, 0)).filing_last_day == date(2026, 4, 29)
    assert "29 April 2026" in refusal(request, code, "e" if ground == "d" else "d", at(2026, 4, 30, 9, 0))


def test_f_needs_a_fee(ppid):
    free, code = decided_request(ppid, at(2026, 3, 10, 11, 0), outcome="granted")
    assert "no fee" in refusal(free, code, "f", at(2026, 3, 11, 9, 0))
    paid, code2 = decided_request(ppid, at(2026, 3, 10, 11, 0), outcome="granted", fee_rupiah=150000)
    assert file(paid, code2, "f", at(2026, 3, 11, 9, 0)).ground == "f"


# --- b, request states, duplicates, unknown -------------------------------------------------------


def test_b_on_a_request_has_no_prior_event_and_is_always_open():
    request, code = filed_request()
    objection = file(request, code, "b", at(2026, 12, 1, 9, 0))
    assert objection.ground_arose_on == date(2026, 12, 1) and objection.filing_last_day is None


def test_an_unknown_ground_is_refused():
    request, code = filed_request()
    assert "a, b, c" in refusal(request, code, "h", at(2026, 3, 17, 9, 0))


def test_a_forwarded_request_points_to_its_new_registration(ppid):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 4, 9, 0)):
        new = request_forward(request=request, actor=ppid, unit_code="35", reason="Held by the province.")
    message = refusal(request, code, "c", at(2026, 3, 17, 9, 0))
    assert new.registration_number in message
    # The new registration (due 10 WD after 4 March, past Nyepi) takes objections itself.
    assert file(new, code, "b", at(2026, 4, 1, 9, 0)).unit.code == "35"


def test_a_withdrawn_request_takes_no_objection(ppid):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 3, 9, 0)):
        request_withdraw(request=request, actor=ppid)
    assert "withdrawn" in refusal(request, code, "b", at(2026, 3, 17, 9, 0))


def test_one_open_objection_per_request_and_ground():
    request, code = filed_request()
    first = file(request, code, "c", at(2026, 3, 17, 9, 0))
    assert first.number in refusal(request, code, "c", at(2026, 3, 18, 9, 0))
    assert file(request, code, "g", at(2026, 3, 18, 9, 0)).number == "KEB-35.04-2026-00002"


@pytest.mark.parametrize(("number", "right_code"), [("35.04-2026-99999", True), (None, False)])
def test_unknown_number_or_wrong_code_is_not_found(number, right_code):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)), pytest.raises(RequestNotFound):
        objection_file(
            registration_number=number or request.registration_number,
            tracking_code=code if right_code else code[:-1] + ("A" if code[-1] != "A" else "B"),
            ground="c",
            statement="x",
        )
