"""The citizen's objection pages: from the status page or by number and code, every refusal, the
ground-b objection without a request, and the objection status page (dispute window included)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from tests.objection_support import at, decided_request, filed_request
from tests.request_support import answers, pdf_upload

from eppid.objections.models import Objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def ppid(make_staff):
    return make_staff("ppid", ("35.04", "ppid"))


@pytest.fixture
def atasan(make_staff):
    return make_staff("atasan", ("35.04", "superior"))


def begin(client, number, code, prefix="/en"):
    return client.post(f"{prefix}/keberatan/", {"registration_number": number, "tracking_code": code})


def file_on(client, number, code, ground="a", statement="The refusal has no legal basis.", prefix="/en"):
    assert begin(client, number, code, prefix)["Location"].endswith("/keberatan/alasan/")
    assert client.post(f"{prefix}/keberatan/alasan/", {"ground": ground}).status_code == 302
    assert client.post(f"{prefix}/keberatan/pernyataan/", {"statement": statement}).status_code == 302
    return client.post(f"{prefix}/keberatan/periksa/")


def test_citizen_objects_to_a_rejection_end_to_end(client, ppid, settings, tmp_path):
    from tests.signing_support import pki_setup

    pki_setup(settings, tmp_path)
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        response = begin(client, request.registration_number, code)
        assert response.status_code == 302
        page = client.get("/en/keberatan/alasan/").content.decode()
        # Open grounds are radios with their last day; the others say exactly why not.
        assert 'value="a"' in page and 'value="c"' not in page
        assert (
            "Ground (c) is for an unanswered request, and your request was answered on 10 March 2026." in page
        )
        assert "Ground (f) is about a fee, and no fee was charged for your request." in page
        assert "You can object on this ground until" in page
        response = client.post("/en/keberatan/alasan/", {"ground": "a"})
        assert response["Location"].endswith("/keberatan/pernyataan/")
        response = client.post("/en/keberatan/pernyataan/", {"statement": "The refusal has no legal basis."})
        assert response["Location"].endswith("/keberatan/periksa/")
        check = client.get("/en/keberatan/periksa/").content.decode()
        assert "The refusal has no legal basis." in check and request.registration_number in check
        response = client.post("/en/keberatan/periksa/")
        assert response["Location"].endswith("/keberatan/selesai/")
        done = client.get("/en/keberatan/selesai/").content.decode()
    objection = Objection.objects.get(request=request)
    assert objection.ground == "a" and objection.statement == "The refusal has no legal basis."
    assert objection.number in done
    assert objection.due_date.strftime("%-d %B %Y") in done
    assert "Download your receipt (PDF, signed)" in done
    assert code not in done  # the request's own code is not shown again
    # The confirmation is shown once; the wizard's state (with the code) is gone.
    with freeze_time(at(2026, 3, 11, 9, 5)):
        assert "already been shown" in client.get("/en/keberatan/selesai/").content.decode()
        assert client.get("/en/keberatan/periksa/")["Location"].endswith("/keberatan/")
    assert "objection_wizard" not in client.session


def test_status_page_offers_the_objection_without_the_code_in_a_url(client, ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        page = client.post(
            "/en/permohonan/status/",
            {"registration_number": request.registration_number, "tracking_code": code},
        ).content.decode()
        assert "File an objection" in page
        assert 'action="/en/keberatan/"' in page and 'method="post"' in page
        assert f"?tracking_code={code}" not in page and f"/{code}" not in page
        # The button's POST opens the form at step 1.
        response = begin(client, request.registration_number, code)
        assert response.status_code == 302 and code not in response["Location"]


def test_status_page_lists_objections_and_the_dispute_window_after_the_response(client, ppid, atasan):
    from eppid.objections.services import objection_decide, objection_file

    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        result = objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="a", statement="Why?"
        )
    lookup = {"registration_number": request.registration_number, "tracking_code": code}
    with freeze_time(at(2026, 3, 12, 9, 0)):
        page = client.post("/en/permohonan/status/", lookup).content.decode()
    assert result.objection.number in page
    assert "30 April 2026" in page  # the response due date
    assert "bring an information dispute" not in page  # not before the response or its due date
    with freeze_time(at(2026, 4, 1, 10, 0)):
        objection_decide(objection=result.objection, actor=atasan, outcome="dismissed", explanation="Exempt.")
    with freeze_time(at(2026, 4, 2, 9, 0)):
        page = client.post("/en/permohonan/status/", lookup).content.decode()
    assert "Dismissed, with written reasons" in page and "Exempt." in page
    # Jawa Timur's commission, 14 working days after 1 April (Good Friday 3 April inside): 22 April.
    assert "Komisi Informasi Provinsi" in page and "22 April 2026" in page


def test_objection_status_lookup_and_the_late_response(client, ppid):
    from eppid.objections.services import objection_file

    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        number = objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="a", statement="Why?"
        ).objection.number
    with freeze_time(at(2026, 3, 12, 9, 0)):
        assert client.get("/en/keberatan/status/").status_code == 200
        page = client.post("/en/keberatan/status/", {"registration_number": number, "tracking_code": code})
        assert page.status_code == 200 and number in page.content.decode()
        assert "bring an information dispute" not in page.content.decode()
        wrong = client.post("/en/keberatan/status/", {"registration_number": number, "tracking_code": "nope"})
        unknown = client.post(
            "/en/keberatan/status/", {"registration_number": "KEB-x", "tracking_code": code}
        )
    assert wrong.status_code == unknown.status_code == 404
    assert "We could not find an objection with this number and tracking code" in wrong.content.decode()
    # No answer by the due date (30 April): the window runs from the due date.
    with freeze_time(at(2026, 5, 4, 9, 0)):
        page = client.post("/en/keberatan/status/", {"registration_number": number, "tracking_code": code})
    text = page.content.decode()
    assert "The atasan PPID did not answer by 30 April 2026." in text
    assert "Response overdue" in text and "bring an information dispute" in text


@pytest.mark.parametrize("typed", ["lower", "padded", "mixed"])
def test_the_objection_status_lookup_takes_the_number_in_any_case(client, ppid, typed):
    from eppid.objections.services import objection_file

    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        number = objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="a", statement="Why?"
        ).objection.number
    given = {"lower": number.lower(), "padded": f"  {number.lower()} ", "mixed": "Keb" + number[3:]}[typed]
    with freeze_time(at(2026, 3, 12, 9, 0)):
        page = client.post("/en/keberatan/status/", {"registration_number": given, "tracking_code": code})
        wrong = client.post("/en/keberatan/status/", {"registration_number": given, "tracking_code": "nope"})
    assert page.status_code == 200 and number in page.content.decode()
    assert wrong.status_code == 404


def test_wrong_code_and_blank_fields_are_refused_alike(client, ppid):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 3, 9, 0)):
        wrong = begin(client, request.registration_number, "not-the-code")
        unknown = begin(client, "35.04-2026-99999", code)
        blank = begin(client, "", "")
        # Without a verified request the steps send back to the start.
        assert client.get("/en/keberatan/alasan/")["Location"].endswith("/en/keberatan/")
    assert wrong.status_code == unknown.status_code == 404
    assert "We could not find a request" in wrong.content.decode()
    assert blank.status_code == 200
    assert "Enter the registration number." in blank.content.decode()


def test_ground_not_possible_is_refused_with_the_exact_reason(client, ppid):
    """A request that is not yet due: only b fits; posting c anyway is refused."""
    request, code = filed_request()
    with freeze_time(at(2026, 3, 3, 9, 0)):
        begin(client, request.registration_number, code)
        page = client.get("/en/keberatan/alasan/").content.decode()
        assert 'value="b"' in page and 'value="c"' not in page
        assert (
            "Your request is due on 16 March 2026, so you can object on this ground from 17 March 2026."
            in page
        )
        refused = client.post("/en/keberatan/alasan/", {"ground": "c"})
        empty = client.post("/en/keberatan/alasan/", {})
    assert refused.status_code == 200
    assert "Choose one of the grounds you can use for this request." in refused.content.decode()
    assert "Choose the ground of your objection." in empty.content.decode()
    assert not Objection.objects.exists()


def last_day_of(request, ground="a"):
    from eppid.objections.eligibility import filing_window

    with freeze_time(at(2026, 3, 11, 9, 0)):
        return filing_window(request, ground).last_day


def test_late_filing_is_refused_and_says_when_the_period_ended(client, ppid):
    from datetime import datetime, time, timedelta

    from eppid.objections.eligibility import day_text

    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    last = last_day_of(request)
    with freeze_time(datetime.combine(last, time(23, 0), tzinfo=at(2026, 1, 1).tzinfo)):
        assert file_on(client, request.registration_number, code)["Location"].endswith("/keberatan/selesai/")
    with freeze_time(datetime.combine(last + timedelta(days=1), time(9, 0), tzinfo=at(2026, 1, 1).tzinfo)):
        begin(client, request.registration_number, code)
        page = client.get("/en/keberatan/alasan/").content.decode()
    with __import__("django").utils.translation.override("en"):
        expected = f"The period for an objection on ground (a) ended on {day_text(last)}"
    assert expected in page
    assert Objection.objects.count() == 1  # the one filed on the last day


def test_period_ending_between_check_and_send_is_refused_at_send(client, ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    from datetime import datetime, time, timedelta

    last = last_day_of(request)
    tz = at(2026, 1, 1).tzinfo
    with freeze_time(datetime.combine(last, time(23, 50), tzinfo=tz)):
        begin(client, request.registration_number, code)
        client.post("/en/keberatan/alasan/", {"ground": "a"})
        client.post("/en/keberatan/pernyataan/", {"statement": "Too late?"})
    with freeze_time(datetime.combine(last + timedelta(days=1), time(0, 10), tzinfo=tz)):
        response = client.post("/en/keberatan/periksa/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "The period for an objection on ground (a) ended on" in text
    assert "/en/keberatan/alasan/?change=1" in text
    assert not Objection.objects.exists()


def test_duplicate_open_objection_is_refused(client, ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        assert file_on(client, request.registration_number, code)["Location"].endswith("/keberatan/selesai/")
        client.get("/en/keberatan/selesai/")
        again = file_on(client, request.registration_number, code)
    assert again.status_code == 200
    assert "An objection on this ground is already open for this request" in again.content.decode()
    assert Objection.objects.count() == 1


def test_statement_errors(client, ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        begin(client, request.registration_number, code)
        assert client.get("/en/keberatan/pernyataan/")["Location"].endswith("/keberatan/alasan/")
        client.post("/en/keberatan/alasan/", {"ground": "a"})
        assert client.get("/en/keberatan/periksa/")["Location"].endswith("/keberatan/pernyataan/")
        empty = client.post("/en/keberatan/pernyataan/", {"statement": "  "})
        control = client.post("/en/keberatan/pernyataan/", {"statement": "bad\x07text"})
        long = client.post("/en/keberatan/pernyataan/", {"statement": "x" * 5001})
    assert "Write your objection." in empty.content.decode()
    assert empty.content.decode().count("<title>Error:") == 1
    assert "Remove the control characters from this text." in control.content.decode()
    assert "Write at most 5000 characters." in long.content.decode()


def test_forwarded_request_cannot_be_objected_and_says_where(client, ppid):
    from eppid.disclosure.services import request_forward

    request, code = filed_request()
    with freeze_time(at(2026, 3, 3, 9, 0)):
        request_forward(request=request, actor=ppid, unit_code="35", reason="Held by the province.")
        begin(client, request.registration_number, code)
        page = client.get("/en/keberatan/alasan/").content.decode()
    assert "You cannot object to this request" in page
    assert "File your objection with that registration number." in page
    assert 'name="ground"' not in page


def test_indonesian_pages(client, ppid):
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        assert (
            "Ajukan keberatan"
            in client.post(
                "/permohonan/status/",
                {"registration_number": request.registration_number, "tracking_code": code},
            ).content.decode()
        )
        begin(client, request.registration_number, code, prefix="")
        page = client.get("/keberatan/alasan/").content.decode()
    assert '<html lang="id">' in page
    assert "Why are you objecting?" not in page


# --- ground b without a request ------------------------------------------------------------------


def walk_periodic(client, requester_type="individual", prefix="/en"):
    data = answers(requester_type)
    for step in ("unit", "requester-type", "identity", "contact"):
        response = client.post(f"{prefix}/keberatan/berkala/{step}/", data[step])
        assert response.status_code == 302, (step, response.content[:1500])
    response = client.post(
        f"{prefix}/keberatan/berkala/statement/",
        {"statement": "The 2025 financial report of the office is not on its website."},
    )
    assert response.status_code == 302
    files = {"identity_document": pdf_upload()}
    if requester_type == "group":
        files["authorisation_document"] = pdf_upload("kuasa.pdf")
    response = client.post(f"{prefix}/keberatan/berkala/documents/", files)
    assert response["Location"].endswith("/keberatan/berkala/periksa/"), response.content[:1500]


@pytest.mark.parametrize("requester_type", ["individual", "group", "legal_entity"])
def test_periodic_objection_without_a_request(client, requester_type):
    from eppid.objections.selectors import objection_find_public

    with freeze_time(at(2026, 3, 2, 10, 0)):
        assert "Tulungagung" in client.get("/en/keberatan/berkala/?unit=35.04").content.decode()
        walk_periodic(client, requester_type)
        check = client.get("/en/keberatan/berkala/periksa/").content.decode()
        assert "The 2025 financial report" in check and "(b) Periodic information" in check
        response = client.post("/en/keberatan/berkala/periksa/")
        assert response["Location"].endswith("/keberatan/selesai/")
        done = client.get("/en/keberatan/selesai/")
    objection = Objection.objects.get()
    assert objection.request is None and objection.ground == "b" and objection.unit.code == "35.04"
    code = done.context["done"]["tracking_code"]
    assert code and code in done.content.decode()
    assert objection_find_public(objection.number, code) == objection
    assert "periodic_objection_wizard" not in client.session


def test_periodic_steps_validate_like_a_request(client):
    with freeze_time(at(2026, 3, 2, 10, 0)):
        assert client.get("/en/keberatan/berkala/identity/")["Location"].endswith("/keberatan/berkala/unit/")
        unit = client.post("/en/keberatan/berkala/unit/", {"unit": "99.99"})
        assert "Choose a Bawaslu office from the list." in unit.content.decode()
        client.post("/en/keberatan/berkala/unit/", {"unit": "35.04"})
        client.post("/en/keberatan/berkala/requester-type/", {"requester_type": "individual"})
        nik = client.post("/en/keberatan/berkala/identity/", {"name": "Budi", "nik": "123"})
        assert nik.status_code == 200 and "error-summary" in nik.content.decode()
        assert client.get("/en/keberatan/berkala/periksa/")["Location"].endswith(
            "/keberatan/berkala/identity/"
        )
        assert client.get("/en/keberatan/berkala/nope/").status_code == 404
    assert not Objection.objects.exists()


def test_home_and_unit_pages_link_the_objection_entries(client):
    home = client.get("/en/").content.decode()
    unit = client.get("/en/units/35.04/").content.decode()
    assert 'href="/en/keberatan/"' in home and 'href="/en/keberatan/berkala/"' in home
    assert 'href="/en/keberatan/berkala/?unit=35.04"' in unit
