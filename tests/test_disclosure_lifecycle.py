"""The statutory lifecycle of an information request (UU 14/2008 Pasal 22, contract section 3)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time
from tests.disclosure_support import NIK, PDF, pdf_upload, request_data

from eppid.disclosure.choices import EventKind, Status
from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.disclosure.selectors import (
    nik_masked,
    request_audit_leaf,
    request_find_public,
    request_history,
    requests_for_unit,
)
from eppid.disclosure.services import (
    LifecycleError,
    identity_document_open,
    request_decide,
    request_extend,
    request_forward,
    request_nik_unmask,
    request_start,
    request_submit,
    request_withdraw,
)
from eppid.integrity.models import LogEntry

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=WIB)


@pytest.fixture
def officer(make_staff):
    return make_staff("officer1", ("35.04", "officer"))


def submit(**overrides):
    return request_submit(data=request_data(**overrides), identity_document=pdf_upload())


@freeze_time(at(2026, 3, 17, 10, 0))
def test_received_just_before_lebaran_counts_ten_working_days_past_cuti_bersama_and_good_friday():
    result = submit()
    request = result.request
    assert request.received_on == date(2026, 3, 17)
    # 18-20 and 23-24 March are Nyepi, Eid al-Fitr and cuti bersama; 3 April is Good Friday.
    assert request.due_date == date(2026, 4, 8)
    assert request.original_due_date == date(2026, 4, 8)
    assert request.status == Status.RECEIVED
    assert request.registration_number == "35.04-2026-00001"


@freeze_time(at(2026, 3, 21, 9, 0))
def test_filed_on_the_lebaran_saturday_counts_from_the_first_working_day_after_cuti_bersama():
    request = submit().request
    assert request.received_on == date(2026, 3, 25)
    assert request.due_date == date(2026, 4, 9)


@freeze_time(at(2026, 5, 9, 22, 0))
def test_saturday_filing_counts_from_monday():
    saturday = submit().request
    assert saturday.received_on == date(2026, 5, 11)
    with freeze_time(at(2026, 5, 11, 8, 0)):
        monday = submit().request
    assert saturday.due_date == monday.due_date


@freeze_time(at(2026, 3, 17, 10, 0))
def test_tracking_code_is_long_stored_only_as_hash_and_finds_the_request():
    result = submit()
    assert len(result.tracking_code) >= 22  # >= 128 bits of token_urlsafe
    row = InformationRequest.objects.get(pk=result.request.pk)
    assert result.tracking_code not in row.tracking_hash
    number = row.registration_number
    assert request_find_public(number, result.tracking_code) == row
    assert request_find_public(number, result.tracking_code + "x") is None
    assert request_find_public("35.04-2026-99999", result.tracking_code) is None


@freeze_time(at(2026, 3, 17, 10, 0))
def test_submission_is_logged_and_the_result_names_its_leaf():
    result = submit()
    entry = LogEntry.objects.get(seq=result.leaf_index)
    assert entry.leaf_hash == result.leaf_hash
    assert entry.object_type == "disclosure.InformationRequest"
    assert request_audit_leaf(result.request) == (result.leaf_index, result.leaf_hash)
    assert [e.status_after for e in request_history(result.request)] == [Status.RECEIVED]


@freeze_time(at(2026, 3, 17, 10, 0))
def test_numbers_are_per_unit_and_gapless():
    numbers = [submit().request.registration_number for _ in range(3)]
    other = submit(unit="35").request.registration_number
    assert numbers == ["35.04-2026-00001", "35.04-2026-00002", "35.04-2026-00003"]
    assert other == "35-2026-00001"


@freeze_time(at(2026, 3, 17, 10, 0))
def test_extension_once_by_seven_working_days_after_the_original_due_date(officer):
    request = submit().request
    with pytest.raises(ValidationError):
        request_extend(request=request, actor=officer, reason="  ")
    request_extend(request=request, actor=officer, reason="The documents are archived off site.")
    assert request.extended and request.due_date == date(2026, 4, 17)
    with pytest.raises(LifecycleError):
        request_extend(request=request, actor=officer, reason="Again")


def test_extension_after_the_due_date_is_refused(officer):
    with freeze_time(at(2026, 3, 17, 10, 0)):
        request = submit().request
    with freeze_time(at(2026, 4, 9, 8, 0)), pytest.raises(LifecycleError):
        request_extend(request=request, actor=officer, reason="Too late")
    request.refresh_from_db()
    assert not request.extended and request.due_date == date(2026, 4, 8)


def test_extension_on_the_due_date_itself_is_allowed(officer):
    with freeze_time(at(2026, 3, 17, 10, 0)):
        request = submit().request
    with freeze_time(at(2026, 4, 8, 16, 0)):
        request_extend(request=request, actor=officer, reason="Archive")
    assert request.due_date == date(2026, 4, 17)


def test_forwarding_registers_anew_at_the_target_unit_on_the_day_with_the_same_code(officer):
    with freeze_time(at(2026, 3, 17, 10, 0)):
        result = submit(requester_type="individual")
    original = result.request
    with freeze_time(at(2026, 3, 26, 11, 0)):
        new = request_forward(request=original, actor=officer, unit_code="35", reason="Held by the province")
    assert original.status == Status.FORWARDED and original.forwarded_to == new and original.closed_at
    assert new.unit.code == "35" and new.registration_number == "35-2026-00001"
    assert new.received_on == date(2026, 3, 26) and new.status == Status.RECEIVED
    assert new.tracking_hash == original.tracking_hash and new.forwarded_from == original
    assert request_find_public(new.registration_number, result.tracking_code) == new
    fresh = InformationRequest.objects.get(pk=new.pk)  # decrypts with the new row's id
    assert fresh.nik == NIK and fresh.name == "Siti Aminah" and fresh.email == "siti@example.org"
    assert identity_document_open(request=fresh, actor=_superuser())[0] == PDF
    with pytest.raises(LifecycleError):
        request_forward(request=original, actor=officer, unit_code="35.01", reason="again")


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", password="x" * 20)


@freeze_time(at(2026, 3, 17, 10, 0))
@pytest.mark.parametrize("code", ["35.04", "99.99", ""])
def test_forwarding_to_the_same_or_an_unknown_unit_is_invalid(officer, code):
    request = submit().request
    with pytest.raises(ValidationError) as caught:
        request_forward(request=request, actor=officer, unit_code=code, reason="x")
    assert "unit" in caught.value.message_dict
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


@freeze_time(at(2026, 3, 17, 10, 0))
def test_start_then_withdraw_closes_and_nothing_more_is_allowed(officer):
    request = submit().request
    request_start(request=request, actor=officer)
    assert request.status == Status.IN_PROGRESS
    with pytest.raises(LifecycleError):
        request_start(request=request, actor=officer)
    request_withdraw(request=request, actor=officer, note="Requester phoned")
    assert request.status == Status.WITHDRAWN and request.closed_at
    for action in (
        lambda: request_withdraw(request=request, actor=officer),
        lambda: request_extend(request=request, actor=officer, reason="x"),
        lambda: request_decide(request=request, actor=officer, outcome="granted"),
    ):
        with pytest.raises(LifecycleError):
            action()
    assert [e.status_after for e in request_history(request)] == ["received", "in_progress", "withdrawn"]


@freeze_time(at(2026, 3, 17, 10, 0))
@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": "rejected"}, "exemption_basis"),
        ({"outcome": "partially_granted", "exemption_basis": "z"}, "exemption_basis"),
        ({"outcome": "not_held"}, "held_by"),
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "granted", "fee_rupiah": -1}, "fee_rupiah"),
    ],
)
def test_decision_validation(officer, values, field):
    request = submit().request
    with pytest.raises(ValidationError) as caught:
        request_decide(request=request, actor=officer, **values)
    assert field in caught.value.message_dict
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


@freeze_time(at(2026, 3, 17, 10, 0))
def test_decision_completes_the_request_with_released_documents(officer):
    request = submit().request
    decision = request_decide(
        request=request,
        actor=officer,
        outcome="partially_granted",
        exemption_basis="h",
        explanation="Home addresses are personal secrets.",
        material="The minutes",
        redactions="Addresses blacked out (Art. 17 h)",
        documents=[pdf_upload("minutes.pdf")],
    )
    assert request.status == Status.COMPLETED and request.closed_at
    assert decision.exemption_basis == "h" and decision.documents.get().size == len(PDF)
    with pytest.raises(LifecycleError):
        request_decide(request=request, actor=officer, outcome="granted")


@freeze_time(at(2026, 3, 17, 10, 0))
def test_the_service_refuses_a_released_file_that_is_not_what_its_name_says(officer):
    """The rule on released documents lives in the service, not only in the console's form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = submit().request
    disguised = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        request_decide(request=request, actor=officer, outcome="granted", documents=[disguised])
    assert "minutes.pdf" in " ".join(caught.value.message_dict["documents"])
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


@freeze_time(at(2026, 3, 17, 10, 0))
def test_identity_document_and_nik_unmask_are_logged_and_guarded(make_staff):
    request = submit().request
    officer = make_staff("off", ("35.04", "officer"))
    ppid = make_staff("ppid", ("35.04", "ppid"))
    foreign = make_staff("far", ("32.01", "ppid"))
    before = LogEntry.objects.count()
    content, content_type, filename = identity_document_open(request=request, actor=ppid)
    assert content == PDF and content_type == "application/pdf" and filename.endswith(".pdf")
    assert request_nik_unmask(request=request, actor=ppid) == NIK
    with pytest.raises(PermissionDenied):
        request_nik_unmask(request=request, actor=officer)
    with pytest.raises(PermissionDenied):  # the scan shows the full NIK: the same right
        identity_document_open(request=request, actor=officer)
    with pytest.raises(PermissionDenied):
        identity_document_open(request=request, actor=foreign)
    kinds = list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))
    assert EventKind.IDENTITY_VIEWED in kinds and EventKind.NIK_UNMASKED in kinds
    assert LogEntry.objects.count() == before + 2
    assert nik_masked(NIK) == "3504********0001"


@freeze_time(at(2026, 3, 17, 10, 0))
def test_inbox_filters_overdue_and_due_within():
    first = submit().request
    with freeze_time(at(2026, 4, 6, 10, 0)):
        second = submit().request
    with freeze_time(at(2026, 4, 9, 10, 0)):
        from eppid.organisation.models import Unit

        unit = Unit.objects.get(code="35.04")
        assert list(requests_for_unit(unit, overdue=True)) == [first]
        assert second in requests_for_unit(unit, due_within=20)
        assert first not in requests_for_unit(unit, due_within=20)
