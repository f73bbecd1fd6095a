"""The officer console's request inbox, request page, NIK masking and identity downloads."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.console_support import NIK, make_request, tiny_pdf

from eppid.disclosure.models import RequestEvent
from eppid.law.calendar import working_days_between

pytestmark = pytest.mark.django_db

INBOX = reverse("office:requests", kwargs={"code": "35.04"})


def detail_url(item, code="35.04"):
    return reverse("office:request", kwargs={"code": code, "number": item.registration_number})


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


@pytest.fixture
def ppid(make_staff):
    return make_staff("ppid.tulungagung", ("35.04", "ppid"))


def test_inbox_lists_the_units_requests_soonest_due_first_without_nik(officer, verified_client):
    late = make_request(received_at=timezone.now() - timedelta(days=40), name="Budi Santoso")
    fresh = make_request(name="Siti Rahayu")
    other_unit = make_request("32.01", name="Orang Bogor")
    response = verified_client(officer).get("/en" + INBOX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(late.registration_number) < page.index(fresh.registration_number)
    assert "Budi Santoso" in page and "Siti Rahayu" in page
    assert other_unit.registration_number not in page and "Orang Bogor" not in page
    assert NIK not in page and NIK[:4] + "****" not in page
    assert "overdue by" in page and "working days left" in page


def test_inbox_filters_by_status_overdue_and_due_within(officer, verified_client):
    late = make_request(received_at=timezone.now() - timedelta(days=40))
    fresh = make_request()
    client = verified_client(officer)

    overdue = client.get(INBOX, {"overdue": "on"}).content.decode()
    assert late.registration_number in overdue and fresh.registration_number not in overdue

    left = working_days_between(timezone.localdate(), fresh.due_date, "35.04")  # 10 or 11 (weekend)
    soon = client.get(INBOX, {"due_within": str(left - 1)}).content.decode()
    assert fresh.registration_number not in soon and late.registration_number not in soon
    later = client.get(INBOX, {"due_within": str(left)}).content.decode()
    assert fresh.registration_number in later and late.registration_number not in later

    in_progress = client.get(INBOX, {"status": "in_progress"}).content.decode()
    assert fresh.registration_number not in in_progress
    received = client.get(INBOX, {"status": "received"}).content.decode()
    assert fresh.registration_number in received and late.registration_number in received


def test_inbox_bad_filter_is_a_clear_error_not_a_crash(officer, verified_client):
    response = verified_client(officer).get("/en" + INBOX, {"due_within": "soon", "status": "lost"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert set(response.context["form"].errors) == {"due_within", "status"}


def test_inbox_is_paginated(officer, verified_client):
    for _ in range(26):
        make_request(identity=False)
    client = verified_client(officer)
    first = client.get(INBOX)
    assert len(first.context["rows"]) == 25
    second = client.get(INBOX, {"page": "2"})
    assert len(second.context["rows"]) == 1


def test_dashboard_and_unit_page_show_the_reminder_counts(officer, verified_client):
    make_request(received_at=timezone.now() - timedelta(days=40))
    make_request()
    client = verified_client(officer)
    for url in (reverse("office:dashboard"), reverse("office:unit", kwargs={"code": "35.04"})):
        page = client.get("/en" + url).content.decode()
        assert "2 open requests" in page
        assert "1 overdue" in page
        assert INBOX + "?overdue=on" in page


def test_dashboard_shows_no_counts_without_view_cases(make_staff, verified_client):
    admin = make_staff("admin", ("35.04", "unit_admin"))
    make_request()
    page = verified_client(admin).get("/en" + reverse("office:dashboard")).content.decode()
    assert "open request" not in page


def test_request_page_shows_everything_with_a_masked_nik(officer, verified_client):
    item = make_request()
    response = verified_client(officer).get("/en" + detail_url(item))
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for text in ("Siti Rahayu", "siti@example.org", "Jl. Pahlawan 1", "Daftar pemilih tetap", "Penelitian"):
        assert text in page
    assert NIK not in page
    assert "3504********0001" in page
    assert (
        reverse("office:request-unmask", kwargs={"code": "35.04", "number": item.registration_number})
        not in page
    )
    assert "Registered by staff" in page  # the timeline
    assert "request-desk" in page  # with its actor


def test_a_request_of_another_unit_is_not_found_under_this_unit(officer, verified_client):
    item = make_request("32.01")
    assert verified_client(officer).get(detail_url(item)).status_code == 404


def test_ppid_unmasks_the_nik_and_the_view_is_recorded(ppid, verified_client):
    item = make_request()
    client = verified_client(ppid)
    url = reverse("office:request-unmask", kwargs={"code": "35.04", "number": item.registration_number})
    assert url in client.get(detail_url(item)).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert NIK in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert RequestEvent.objects.filter(request=item, kind="nik_unmasked", actor=ppid).count() == 1
    # The next ordinary view masks it again.
    assert NIK not in client.get(detail_url(item)).content.decode()


@pytest.mark.parametrize("role", ["officer", "auditor"])
def test_roles_without_unmask_cannot_unmask(role, make_staff, verified_client):
    user = make_staff("someone", ("35.04", role))
    item = make_request()
    url = reverse("office:request-unmask", kwargs={"code": "35.04", "number": item.registration_number})
    assert verified_client(user).post(url).status_code == 403
    assert not RequestEvent.objects.filter(request=item, kind="nik_unmasked").exists()


def test_unmask_needs_post(ppid, verified_client):
    item = make_request()
    url = reverse("office:request-unmask", kwargs={"code": "35.04", "number": item.registration_number})
    assert verified_client(ppid).get(url).status_code == 405


def _identity_url(item, code="35.04"):
    return reverse("office:request-identity", kwargs={"code": code, "number": item.registration_number})


def test_identity_document_is_an_attachment_and_the_view_is_logged(ppid, verified_client):
    item = make_request()
    response = verified_client(ppid).get(_identity_url(item))
    assert response.status_code == 200
    assert response.content == tiny_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = RequestEvent.objects.get(request=item, kind="identity_viewed")
    assert event.actor == ppid


@pytest.mark.parametrize(
    ("role", "allowed"), [("ppid", True), ("superior", True), ("officer", False), ("auditor", False)]
)
def test_identity_documents_need_the_right_to_unmask_the_nik(role, allowed, make_staff, verified_client):
    """The KTP scan shows the full NIK and address: whoever may not unmask the NIK may not open it,
    nor the power of attorney, and the request page offers neither link."""
    user = make_staff("someone", ("35.04", role))
    item = make_request(requester_type="group", group_name="Forum Warga", authorisation=True)
    client = verified_client(user)
    urls = [
        _identity_url(item),
        reverse("office:request-authorisation", kwargs={"code": "35.04", "number": item.registration_number}),
    ]
    page = client.get("/en" + detail_url(item)).content.decode()
    for url in urls:
        assert (url in page) is allowed
        assert client.get(url).status_code == (200 if allowed else 403)
    viewed = RequestEvent.objects.filter(request=item, kind="identity_viewed", actor=user).count()
    assert viewed == (2 if allowed else 0)
    if not allowed:
        assert "Identity document" in page  # the row stays, saying who may open it
        assert "Only staff who may see the full NIK" in page


def test_identity_document_is_refused_to_other_units_and_to_roles_without_view_cases(
    make_staff, verified_client
):
    item = make_request()
    foreign = make_staff("bogor", ("32.01", "ppid"))
    assert verified_client(foreign).get(_identity_url(item)).status_code == 404
    admin = make_staff("admin", ("35.04", "unit_admin"))
    assert verified_client(admin).get(_identity_url(item)).status_code == 403
    assert not RequestEvent.objects.filter(request=item, kind="identity_viewed").exists()


def test_a_request_without_identity_document_has_no_download(ppid, verified_client):
    item = make_request(identity=False)
    assert verified_client(ppid).get(_identity_url(item)).status_code == 404


def test_power_of_attorney_download_is_logged(ppid, verified_client):
    item = make_request(requester_type="group", group_name="Forum Warga", authorisation=True)
    url = reverse(
        "office:request-authorisation", kwargs={"code": "35.04", "number": item.registration_number}
    )
    client = verified_client(ppid)
    assert url in client.get(detail_url(item)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == tiny_pdf("Surat kuasa")
    assert RequestEvent.objects.filter(
        request=item, kind="identity_viewed", note="authorisation_document"
    ).exists()


def test_deadline_in_working_days_around_a_weekend():
    from datetime import date

    from eppid.disclosure.console_selectors import request_deadline

    item = make_request()
    item.due_date = date(2026, 12, 4)  # a Friday (not saved: only the arithmetic is tested)
    friday = request_deadline(item, today=date(2026, 12, 4))
    assert (friday.working_days_left, friday.overdue, friday.extendable) == (0, False, True)
    thursday = request_deadline(item, today=date(2026, 12, 3))
    assert (thursday.working_days_left, thursday.overdue) == (1, False)
    saturday = request_deadline(item, today=date(2026, 12, 5))
    assert (saturday.overdue, saturday.overdue_by, saturday.extendable) == (True, 0, False)
    tuesday = request_deadline(item, today=date(2026, 12, 8))
    assert (tuesday.overdue, tuesday.overdue_by) == (True, 2)
    item.status = "completed"
    assert not request_deadline(item, today=date(2026, 12, 8)).overdue


def test_request_page_warns_when_the_due_date_rests_on_an_estimated_holiday(officer, verified_client):
    from datetime import date

    settled, estimated = make_request(), make_request()
    # Idul Fitri 2026 is confirmed by the holidays package, 2027's only estimated (tests/test_calendar.py).
    for item, received, due in (
        (settled, date(2026, 3, 2), date(2026, 3, 30)),
        (estimated, date(2027, 3, 1), date(2027, 3, 19)),
    ):
        item.received_on, item.due_date = received, due
        item.save(update_fields=["received_on", "due_date"])
    settled_url, estimated_url, calendar_url = (
        detail_url(settled),
        detail_url(estimated),
        reverse("office:calendar"),
    )
    client = verified_client(officer)

    plain = client.get("/en" + settled_url).content.decode()
    assert "19 March 2027" not in plain and "30 March 2026" in plain
    assert 'id="deadline-estimated"' not in plain
    page = client.get("/en" + estimated_url).content.decode()
    assert 'id="deadline-estimated"' in page
    assert "not confirmed by decree yet" in page
    assert calendar_url in page
    assert client.get("/en" + calendar_url).status_code == 200
