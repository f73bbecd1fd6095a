"""The atasan PPID's objection console: list and filters, case page, decision (who may, and every
refusal), written response, follow-up, disputes, counts on the unit page and the dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from tests.objection_support import at, objection_filed_on_refusal, objection_staff

from eppid.objections.models import Dispute, Objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return {**objection_staff(make_staff), "auditor": make_staff("auditor", ("35.04", "auditor"))}


def objection_on_refusal(staff, ground="a", when=None):
    return objection_filed_on_refusal(staff, ground, when)[0].objection


def url(objection, suffix=""):
    return f"/en/office/units/{objection.unit.code}/objections/{objection.number}/{suffix}"


def test_the_list_shows_the_day_an_objection_arrived_as_its_case_page_does(staff, verified_client):
    """Filed on Saturday 14 March, counted from Monday 16 March: "Received" is the Saturday."""
    objection = objection_on_refusal(staff, when=at(2026, 3, 14, 9, 0))
    client = verified_client(staff["atasan"])
    with freeze_time(at(2026, 3, 16, 9, 0)):
        page = client.get("/en/office/units/35.04/objections/").content.decode()
    row = page[page.index(objection.number) :]
    assert "14 March 2026" in row[: row.index("</tr>")]


def test_list_filters_and_counts(staff, verified_client):
    objection = objection_on_refusal(staff)
    client = verified_client(staff["atasan"])
    with freeze_time(at(2026, 3, 12, 9, 0)):
        page = client.get("/en/office/units/35.04/objections/").content.decode()
        assert objection.number in page and "1 open objection" in page
        assert (
            objection.number
            not in client.get("/en/office/units/35.04/objections/?show=overdue").content.decode()
        )
        assert (
            objection.number
            not in client.get("/en/office/units/35.04/objections/?show=due_soon").content.decode()
        )
        junk = client.get("/en/office/units/35.04/objections/?show=%00nope&page=x")
        assert junk.status_code == 200
        unit_page = client.get("/en/office/units/35.04/").content.decode()
        assert "/en/office/units/35.04/objections/" in unit_page and "1 open objection" in unit_page
        dashboard = client.get("/en/office/").content.decode()
        assert "1 open objection (0 due soon, 0 overdue)" in dashboard
    # Two working days before the due date it is due soon; after it, overdue.
    due = objection.due_date
    with freeze_time(at(due.year, due.month, due.day, 9, 0)):
        client = verified_client(staff["atasan"])  # a fresh session at each jump in time
        assert (
            objection.number
            in client.get("/en/office/units/35.04/objections/?show=due_soon").content.decode()
        )
    after = due + timedelta(days=1)
    with freeze_time(at(after.year, after.month, after.day, 9, 0)):
        client = verified_client(staff["atasan"])
        overdue = client.get("/en/office/units/35.04/objections/?show=overdue").content.decode()
        assert objection.number in overdue and "Overdue" in overdue


def test_case_page_shows_the_request_history_and_is_read_only_for_officers(staff, verified_client):
    objection = objection_on_refusal(staff)
    officer = verified_client(staff["officer"])
    page = officer.get(url(objection)).content.decode()
    assert "Only the atasan PPID of this unit can decide this objection." in page
    assert url(objection, "decide/") not in page
    assert "History of the request" in page and "Processing started" in page and "Decided" in page
    assert "Legal basis:" in page  # the written notice, as the request console shows it
    assert "3504********0001" in page  # an officer cannot unmask the NIK
    assert officer.get(url(objection, "decide/")).status_code == 403
    response = officer.post(url(objection, "decide/"), {"outcome": "dismissed", "explanation": "No."})
    assert response.status_code == 403
    objection.refresh_from_db()
    assert objection.is_open


def test_other_units_superior_and_the_system_administrator_cannot_decide(staff, verified_client, client):
    objection = objection_on_refusal(staff)
    data = {"outcome": "dismissed", "explanation": "No."}
    assert verified_client(staff["atasan_jatim"]).post(url(objection, "decide/"), data).status_code == 404
    client.logout()
    assert verified_client(staff["admin"]).post(url(objection, "decide/"), data).status_code == 403
    # A number of another unit under this unit's URL is unknown here.
    assert verified_client(staff["atasan_jatim"]).get(
        f"/en/office/units/35/objections/{objection.number}/"
    ).status_code in (403, 404)
    objection.refresh_from_db()
    assert objection.is_open


def test_superior_dismisses_with_reasons(staff, verified_client):
    objection = objection_on_refusal(staff)
    with freeze_time(at(2026, 3, 20, 9, 0)):
        client = verified_client(staff["atasan"])
        form = client.get(url(objection, "decide/")).content.decode()
        assert 'value="settled"' not in form  # ground a cannot be settled
        missing = client.post(url(objection, "decide/"), {"outcome": "dismissed", "explanation": " "})
        assert missing.status_code == 200
        assert "Give the written reasons for dismissing the objection" in missing.content.decode()
        assert client.post(url(objection, "decide/"), {}).status_code == 200
        settled = client.post(url(objection, "decide/"), {"outcome": "settled", "explanation": "x"})
        assert "Choose one of the decisions offered." in settled.content.decode()
        objection.refresh_from_db()
        assert objection.is_open
        done = client.post(
            url(objection, "decide/"), {"outcome": "dismissed", "explanation": "Exempt by law."}
        )
        assert done.status_code == 302 and done["Location"].endswith("/response/")
        response = client.get(done["Location"]).content.decode()
    objection.refresh_from_db()
    assert objection.outcome == "dismissed" and objection.explanation == "Exempt by law."
    assert "Dismissed, with written reasons" in response and "Exempt by law." in response
    assert "Komisi Informasi Provinsi" in response
    # Deciding again is refused with a message, not a second decision.
    again = verified_client(staff["atasan"]).get(url(objection, "decide/"))
    assert again.status_code == 302 and again["Location"].endswith(f"/{objection.number}/")


def test_settlement_is_offered_for_grounds_b_to_g(staff, verified_client):
    objection = objection_on_refusal(staff, ground="d")
    with freeze_time(at(2026, 3, 20, 9, 0)):
        client = verified_client(staff["atasan"])
        assert 'value="settled"' in client.get(url(objection, "decide/")).content.decode()
        assert (
            client.post(
                url(objection, "decide/"), {"outcome": "settled", "explanation": "Agreed."}
            ).status_code
            == 302
        )
    objection.refresh_from_db()
    assert objection.outcome == "settled"


def test_upheld_follow_up_is_marked_done_by_the_ppid(staff, verified_client, client):
    objection = objection_on_refusal(staff)
    with freeze_time(at(2026, 3, 20, 9, 0)):
        atasan = verified_client(staff["atasan"])
        atasan.post(url(objection, "decide/"), {"outcome": "upheld", "explanation": "Give the minutes."})
    objection.refresh_from_db()
    assert objection.followup_due_date is not None
    client.logout()
    auditor = verified_client(staff["auditor"])
    assert auditor.get(url(objection, "follow-up/")).status_code == 403
    client.logout()
    ppid = verified_client(staff["ppid"])
    page = ppid.get(url(objection)).content.decode()
    assert "Mark the follow-up as done" in page
    with freeze_time(at(2026, 3, 25, 9, 0)):
        ppid = verified_client(staff["ppid"])
        long = ppid.post(url(objection, "follow-up/"), {"note": "x" * 5001})
        assert long.status_code == 200 and "error-summary" in long.content.decode()
        assert ppid.post(url(objection, "follow-up/"), {"note": "Sent by email."}).status_code == 302
        again = ppid.get(url(objection, "follow-up/")).content.decode()
        twice = ppid.post(url(objection, "follow-up/"), {"note": "Once more."})
    assert "already complete" in again
    # A step the case's state refuses answers 409, as on the request console, and changes nothing.
    assert twice.status_code == 409 and "already complete" in twice.content.decode()
    objection.refresh_from_db()
    assert objection.followup_done_at is not None and objection.followup_note == "Sent by email."


def test_follow_up_page_needs_an_upheld_objection(staff, verified_client):
    objection = objection_on_refusal(staff)
    assert verified_client(staff["ppid"]).get(url(objection, "follow-up/")).status_code == 404


def test_dispute_is_recorded_and_updated(staff, verified_client):
    objection = objection_on_refusal(staff)
    # Not before the response (or the end of its period).
    with freeze_time(at(2026, 3, 12, 9, 0)):
        ppid = verified_client(staff["ppid"])
        early = ppid.get(url(objection, "dispute/"))
    assert early.status_code == 302
    with freeze_time(at(2026, 3, 20, 9, 0)):
        from eppid.objections.services import objection_decide

        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="No.")
    with freeze_time(at(2026, 3, 30, 9, 0)):
        ppid = verified_client(staff["ppid"])
        form = ppid.get(url(objection, "dispute/"))
        assert form.status_code == 200 and "Komisi Informasi Provinsi" in form.content.decode()
        future = ppid.post(url(objection, "dispute/"), {"filed_on": "2026-04-30", "stage": "filed"})
        assert "The date cannot be in the future." in future.content.decode()
        bad = ppid.post(url(objection, "dispute/"), {"filed_on": "30/02/2026", "stage": "nope"})
        assert "Enter a date, for example 2026-03-02." in bad.content.decode()
        assert not Dispute.objects.exists()
        saved = ppid.post(
            url(objection, "dispute/"),
            {"filed_on": "2026-03-27", "stage": "filed", "case_number": "012/KIP-JATIM"},
        )
        assert saved.status_code == 302
    with freeze_time(at(2026, 5, 4, 9, 0)):
        ppid = verified_client(staff["ppid"])
        updated = ppid.post(
            url(objection, "dispute/"),
            {
                "filed_on": "2026-03-27",
                "case_number": "012/KIP-JATIM",
                "stage": "mediation",
                "mediation_on": "2026-04-28",
                "mediation_result": "failed",
            },
        )
        assert updated.status_code == 302
        page = ppid.get(url(objection)).content.decode()
    dispute = Dispute.objects.get()
    assert dispute.stage == "mediation" and dispute.mediation_result == "failed"
    assert "012/KIP-JATIM" in page and "No agreement" in page


def test_unknown_number_is_404(staff, verified_client):
    client = verified_client(staff["atasan"])
    assert client.get("/en/office/units/35.04/objections/KEB-35.04-2026-99999/").status_code == 404
    assert client.get("/en/office/units/35.04/objections/%00/").status_code == 404


def test_register_page_and_downloads(staff, verified_client):
    objection = objection_on_refusal(staff)
    with freeze_time(at(2026, 3, 12, 9, 0)):
        client = verified_client(staff["officer"])
        page = client.get("/en/office/units/35.04/objections/register/?from=2026-03-01&to=2026-03-31")
        assert page.status_code == 200
        text = page.content.decode()
        assert objection.number in text and "objections received from 1 March 2026 to 31 March 2026" in text
        empty = client.get("/en/office/units/35.04/objections/register/?from=2026-04-01&to=2026-04-30")
        assert objection.number not in empty.content.decode()
        wrong = client.get("/en/office/units/35.04/objections/register/?from=2026-03-31&to=2026-03-01")
        assert "The end of the period must not be before its start." in wrong.content.decode()
        junk = client.get("/en/office/units/35.04/objections/register/?from=%00&to=x&format=csv")
        assert junk.status_code == 400 and junk["Content-Type"].startswith("text/html")
    # Downloads outside freezegun: its fake date class is not one openpyxl knows.
    client = verified_client(staff["officer"])
    csv = client.get("/en/office/units/35.04/objections/register/?from=2026-03-01&to=2026-03-31&format=csv")
    xlsx = client.get("/office/units/35.04/objections/register/?from=2026-03-01&to=2026-03-31&format=xlsx")
    assert csv["Content-Type"].startswith("text/csv")
    assert objection.number in csv.content.decode("utf-8-sig")
    assert "attachment" in csv["Content-Disposition"]
    assert xlsx.content[:2] == b"PK"
    from eppid.reports.models import ReportDownload

    assert ReportDownload.objects.filter(kind="objections_register").count() == 2


def test_default_language_console_pages(staff, verified_client):
    objection = objection_on_refusal(staff)
    client = verified_client(staff["atasan"])
    page = client.get(f"/office/units/35.04/objections/{objection.number}/").content.decode()
    assert '<html lang="id">' in page
    assert "Decide this objection" not in page
    assert Objection.objects.count() == 1
