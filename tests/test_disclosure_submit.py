"""Filing a request: the requester data rules, staff registration, atomicity and numbering."""

import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data

from eppid.casefiles.models import CaseCounter
from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.disclosure.services import request_submit
from eppid.integrity.models import LogEntry
from eppid.integrity.verification import check_chain

WIB = ZoneInfo("Asia/Jakarta")


def _errors(**kwargs):
    with pytest.raises(ValidationError) as caught:
        request_submit(**kwargs)
    return caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nik": None}, "nik"),
        ({"nik": "12345"}, "nik"),
        ({"name": ""}, "name"),
        ({"address": ""}, "address"),
        ({"email": "", "phone": "", "delivery": "pickup"}, "email"),
        ({"email": "", "delivery": "email"}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"access_method": "copy", "copy_format": ""}, "copy_format"),
        ({"requester_type": "group"}, "group_name"),
        ({"requester_type": "legal_entity", "nik": None}, "legal_entity_number"),
        ({"unit": "99.99"}, "unit"),
        ({"delivery": "pigeon"}, "delivery"),
    ],
)
def test_requester_data_rules(overrides, field):
    assert field in _errors(data=request_data(**overrides), identity_document=pdf_upload())
    assert not InformationRequest.objects.exists()


@pytest.mark.django_db
def test_group_needs_power_of_attorney_and_legal_entity_needs_the_deed_not_a_nik():
    group = request_data(requester_type="group", group_name="Forum Warga")
    assert "authorisation_document" in _errors(data=group)
    made = request_submit(data=group, authorisation_document=pdf_upload("surat-kuasa.pdf"))
    assert made.request.authorisation_document
    entity = request_data(
        requester_type="legal_entity", nik=None, legal_entity_number="AHU-0012345.AH.01.07.TAHUN 2020"
    )
    assert "identity_document" in _errors(data=entity)
    made = request_submit(data=entity, identity_document=pdf_upload("akta.pdf"))
    assert made.request.nik is None and made.request.legal_entity_number == "AHU-0012345.AH.01.07.TAHUN 2020"


@pytest.mark.django_db
def test_view_needs_no_copy_format_and_a_wrong_file_type_is_refused():
    made = request_submit(data=request_data(access_method="view", copy_format="", delivery="pickup"))
    assert made.request.copy_format == ""
    bad = pdf_upload("ktp.pdf", b"MZ\x90\x00 not a pdf")
    assert "identity_document" in _errors(data=request_data(), identity_document=bad)


@pytest.mark.django_db
def test_staff_registration_takes_the_real_receipt_date_never_in_the_future(make_staff):
    officer = make_staff("desk", ("35.04", "officer"))
    with freeze_time(datetime(2026, 3, 26, 9, 0, tzinfo=WIB)):
        future = timezone.now() + timedelta(hours=1)
        assert "received_at" in _errors(
            data=request_data(), channel="walk_in", received_at=future, actor=officer
        )
        assert "received_at" in _errors(data=request_data(), channel="post", actor=officer)
        made = request_submit(
            data=request_data(),
            channel="post",
            received_at=datetime(2026, 3, 16, 14, 0, tzinfo=WIB),
            actor=officer,
        )
    request = made.request
    assert str(request.received_on) == "2026-03-16" and request.channel == "post"
    assert request.created_by == officer
    assert RequestEvent.objects.get(request=request).kind == "registered"


@pytest.mark.django_db
def test_staff_registration_refuses_a_receipt_date_before_1_january_of_last_year(make_staff):
    """A typo in the year (2020 for 2026) would make a request years overdue, numbered in this year
    but counted in a register and report of long ago: refused, with the first day allowed."""
    officer = make_staff("desk", ("35.04", "officer"))
    with freeze_time(datetime(2026, 3, 26, 9, 0, tzinfo=WIB)), translation.override("en"):
        for when in (datetime(2020, 1, 1, 9, 0, tzinfo=WIB), datetime(2024, 12, 31, 16, 0, tzinfo=WIB)):
            errors = _errors(data=request_data(), channel="post", received_at=when, actor=officer)
            assert "1 January 2025" in " ".join(errors["received_at"])
        assert not InformationRequest.objects.exists()
        # A letter posted in late December and registered in January is still registered.
        made = request_submit(
            data=request_data(),
            channel="post",
            received_at=datetime(2025, 1, 1, 0, 0, tzinfo=WIB),
            actor=officer,
        )
    assert made.request.registration_number == "35.04-2026-00001"
    assert str(made.request.received_on) == "2025-01-02"  # New Year's Day is a holiday


@pytest.mark.django_db
def test_a_paper_copy_is_never_sent_by_email():
    with translation.override("en"):
        errors = _errors(
            data=request_data(access_method="copy", copy_format="hardcopy", delivery="email"),
            identity_document=pdf_upload(),
        )
    assert errors["delivery"] == ["A paper copy cannot be sent by email: choose pickup, post or courier."]
    assert not InformationRequest.objects.exists()
    by_post = request_data(access_method="copy", copy_format="hardcopy", delivery="post")
    assert request_submit(data=by_post, identity_document=pdf_upload()).request.delivery == "post"


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.django_db
def test_a_failure_after_the_first_insert_leaves_nothing_half_written(monkeypatch):
    request_submit(data=request_data(), identity_document=pdf_upload())  # the counter row exists
    counter = CaseCounter.objects.get(kind="request").last
    counts = (InformationRequest.objects.count(), RequestEvent.objects.count(), LogEntry.objects.count())
    files = _stored_files()

    def boom(*args, **kwargs):
        raise RuntimeError("the receipt cannot be registered")

    monkeypatch.setattr("eppid.disclosure.services.documents.receipt_register", boom)
    with pytest.raises(RuntimeError):
        request_submit(data=request_data(), identity_document=pdf_upload())
    assert (
        InformationRequest.objects.count(),
        RequestEvent.objects.count(),
        LogEntry.objects.count(),
    ) == counts
    assert CaseCounter.objects.get(kind="request").last == counter
    assert _stored_files() == files
    monkeypatch.undo()
    again = request_submit(data=request_data(), identity_document=pdf_upload())
    assert again.request.sequence == counter + 1


def _concurrent_submissions(count: int, workers: int) -> list[str]:
    from django.db import connections

    numbers, failures = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(workers)

    def work(share: int):
        try:
            barrier.wait()
            for _ in range(share):
                made = request_submit(data=request_data(), identity_document=None)
                with lock:
                    numbers.append(made.request.registration_number)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(count // workers,)) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return numbers


def _assert_gapless(numbers: list[str], count: int):
    year = timezone.localdate().year
    assert sorted(numbers) == [f"35.04-{year}-{n:05d}" for n in range(1, count + 1)]
    assert InformationRequest.objects.filter(unit__code="35.04").count() == count
    assert list(check_chain()) == []


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_submissions_on_postgresql_get_200_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises all writers anyway")
    numbers = _concurrent_submissions(200, 10)
    _assert_gapless(numbers, 200)
