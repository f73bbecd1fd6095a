"""The superior's decision, who may make it, follow-ups, disputes, and no partial writes."""

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data
from tests.objection_support import (
    at,
    filed_request,
    objection_filed_on_refusal,
    objection_staff,
)

from eppid.casefiles.models import CaseCounter
from eppid.disclosure.services import LifecycleError
from eppid.integrity.models import LogEntry
from eppid.objections.commission import commission_for
from eppid.objections.models import Dispute, Objection, ObjectionEvent
from eppid.objections.selectors import (
    dispute_window,
    objection_find_public,
    objection_history,
    objections_for_unit,
)
from eppid.objections.services import (
    dispute_record,
    dispute_update,
    objection_decide,
    objection_file,
    objection_file_periodic,
    objection_followup_complete,
)
from eppid.organisation.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return objection_staff(make_staff)


def test_filing_numbers_dates_the_response_and_logs_everything(staff):
    before = LogEntry.objects.count()
    result, code = objection_filed_on_refusal(staff)
    objection = result.objection
    # Received Wednesday 11 March; 30 WD later, past Nyepi, Lebaran and Good Friday.
    assert (objection.received_on, objection.due_date) == (date(2026, 3, 11), date(2026, 4, 30))
    assert objection_find_public(objection.number, code) == objection
    assert objection_find_public(objection.number, code + "x") is None
    assert [event.status_after for event in objection_history(objection)] == ["received"]
    described = LogEntry.objects.filter(seq__gt=before, object_type="objections.Objection")
    assert described.exists() and result.leaf_index in set(described.values_list("seq", flat=True))


@pytest.mark.parametrize("who", ["officer", "ppid", "atasan_jatim", "admin"])
def test_only_the_superior_of_that_unit_decides(staff, who):
    result, _code = objection_filed_on_refusal(staff)
    with pytest.raises(PermissionDenied):
        objection_decide(objection=result.objection, actor=staff[who], outcome="upheld", explanation="")
    assert Objection.objects.get().status == "received"


def test_upheld_sets_a_follow_up_due_in_10_working_days_and_the_dispute_window(staff):
    result, _code = objection_filed_on_refusal(staff)
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection = objection_decide(objection=result.objection, actor=staff["atasan"], outcome="upheld")
        # 10 WD after 17 March, skipping Nyepi, Lebaran and Good Friday: 8 April; dispute: 14 WD.
        assert objection.followup_due_date == date(2026, 4, 8)
        assert dispute_window(objection) == (date(2026, 3, 17), date(2026, 4, 14))
    assert objection.status == "decided" and objection.decided_by == staff["atasan"]
    assert objection.response is not None and objection.response.kind == "objection_response"
    with pytest.raises(LifecycleError):
        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="x")
    with pytest.raises(PermissionDenied):
        objection_followup_complete(objection=objection, actor=staff["atasan_jatim"])
    objection_followup_complete(objection=objection, actor=staff["ppid"], note="Provided on paper.")
    assert objection.followup_done_at is not None
    with pytest.raises(LifecycleError):
        objection_followup_complete(objection=objection, actor=staff["ppid"])


def test_dismissal_needs_written_reasons(staff):
    result, _code = objection_filed_on_refusal(staff)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        objection_decide(
            objection=result.objection, actor=staff["atasan"], outcome="dismissed", explanation=" "
        )
    assert "reasons" in raised.value.message_dict["explanation"][0]
    objection_decide(
        objection=result.objection, actor=staff["atasan"], outcome="dismissed", explanation="Art. 17(h)."
    )
    assert Objection.objects.get().outcome == "dismissed"


def test_settlement_is_for_grounds_b_to_g_only(staff):
    result, _code = objection_filed_on_refusal(staff)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        objection_decide(objection=result.objection, actor=staff["atasan"], outcome="settled")
    assert "ground (a) cannot be settled" in raised.value.message_dict["outcome"][0]
    other, _code2 = objection_filed_on_refusal(staff, ground="d")
    objection_decide(
        objection=other.objection, actor=staff["atasan"], outcome="settled", explanation="Agreed."
    )
    assert Objection.objects.get(pk=other.objection.pk).outcome == "settled"


def test_the_dispute_window_opens_when_the_response_is_late(staff):
    result, _code = objection_filed_on_refusal(staff)
    with freeze_time(at(2026, 4, 30, 12, 0)):
        assert dispute_window(result.objection) is None
    with freeze_time(at(2026, 5, 1, 12, 0)):
        assert dispute_window(result.objection) == (
            date(2026, 4, 30),
            date(2026, 5, 25),
        )  # past 1 May and Ascension
        assert list(objections_for_unit(result.objection.unit, overdue=True)) == [result.objection]


def test_commission_follows_the_units_level():
    assert commission_for(Unit.objects.get(code="00"))[1] == "Komisi Informasi Pusat"
    assert commission_for(Unit.objects.get(code="35"))[1] == "Komisi Informasi Provinsi Jawa Timur"
    assert commission_for(Unit.objects.get(code="35.04"))[1] == "Komisi Informasi Provinsi Jawa Timur"


def test_disputes_are_recorded_and_followed_through_to_court(staff):
    result, _code = objection_filed_on_refusal(staff)
    objection = result.objection
    with freeze_time(at(2026, 3, 12, 9, 0)), pytest.raises(LifecycleError):
        dispute_record(objection=objection, actor=staff["ppid"], filed_on="2026-03-12")
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="No.")
    with freeze_time(at(2026, 4, 6, 9, 0)):
        with pytest.raises(PermissionDenied):
            dispute_record(objection=objection, actor=staff["atasan_jatim"], filed_on="2026-04-01")
        with pytest.raises(ValidationError) as raised:
            dispute_record(objection=objection, actor=staff["ppid"], filed_on="2026-04-07", stage="x")
        assert set(raised.value.message_dict) == {"filed_on", "stage"}
        dispute = dispute_record(
            objection=objection, actor=staff["ppid"], filed_on="2026-04-01", case_number="012/KIP-JATIM/2026"
        )
        assert (dispute.commission, dispute.stage) == ("province", "filed")
        dispute_update(dispute=dispute, actor=staff["atasan"], stage="mediation", mediation_on="2026-04-06")
    with freeze_time(at(2026, 9, 1, 9, 0)):
        dispute_update(
            dispute=dispute,
            actor=staff["ppid"],
            stage="court",
            mediation_result="failed",
            adjudication_on="2026-06-01",
            adjudication_result="granted",
            court="ptun",
            court_filed_on="2026-06-20",
        )
    stored = Dispute.objects.get()
    assert (stored.stage, stored.adjudication_result, stored.court) == ("court", "granted", "ptun")
    assert ObjectionEvent.objects.filter(kind="dispute_updated").count() == 2


def test_a_dispute_may_be_dated_the_day_the_objection_arrived_on_a_weekend(staff):
    """Filed on Saturday 14 March (counted from Monday 16 March), answered that day, taken to the
    Commission that day: the dispute's date was refused as "before the objection was received"."""
    result, _code = objection_filed_on_refusal(staff, when=at(2026, 3, 14, 9, 0))
    objection = result.objection
    assert objection.received_on == date(2026, 3, 16)
    with freeze_time(at(2026, 3, 14, 11, 0)):
        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="No.")
    with freeze_time(at(2026, 3, 14, 15, 0)), translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            dispute_record(objection=objection, actor=staff["ppid"], filed_on="2026-03-13")
        assert raised.value.message_dict == {
            "filed_on": ["The date cannot be before the objection was received."]
        }
        dispute = dispute_record(objection=objection, actor=staff["ppid"], filed_on="2026-03-14")
    assert dispute.filed_on == date(2026, 3, 14)


def test_a_failure_after_the_first_insert_leaves_nothing(staff):
    request, code = filed_request()
    log_before = LogEntry.objects.count()
    with (
        freeze_time(at(2026, 3, 17, 9, 0)),
        mock.patch("eppid.objections.documents.receipt_issue", side_effect=RuntimeError("signer down")),
        pytest.raises(RuntimeError),
    ):
        objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="c", statement="x"
        )
    assert not Objection.objects.exists() and not ObjectionEvent.objects.exists()
    assert not CaseCounter.objects.filter(kind="objection", last__gt=0).exists()
    assert LogEntry.objects.count() == log_before


def test_a_failed_response_leaves_the_objection_undecided(staff):
    result, _code = objection_filed_on_refusal(staff)
    with (
        mock.patch("eppid.objections.documents.response_issue", side_effect=RuntimeError("signer down")),
        pytest.raises(RuntimeError),
    ):
        objection_decide(objection=result.objection, actor=staff["atasan"], outcome="upheld")
    stored = Objection.objects.get()
    assert (stored.status, stored.outcome, stored.decided_at) == ("received", "", None)


def test_ground_b_without_a_request_checks_identity_like_a_request():
    data = request_data()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        objection_file_periodic(unit="35.04", data={**data, "nik": "1234"}, statement="")
    assert set(raised.value.message_dict) == {"nik", "statement"}
    with freeze_time(at(2026, 3, 21, 9, 0)):  # a Saturday in Lebaran: counts from 25 March
        result = objection_file_periodic(
            unit="35.04",
            data=data,
            statement="The 2025 budget report is not published.",
            identity_document=pdf_upload(),
        )
    objection = result.objection
    assert objection.request is None and objection.ground == "b" and objection.name == data["name"]
    assert objection.received_on == date(2026, 3, 25) and objection.identity_document
    assert objection_find_public(objection.number, result.tracking_code) == objection
    assert len(result.tracking_code) >= 22
