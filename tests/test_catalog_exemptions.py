"""Consequence tests (uji konsekuensi, Perki 1/2021 Pasal 49): the exempt entry (DIK), the signed
sheet and decree, and every refusal changing nothing (issue 12 item 4)."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from tests.catalog_support import catalog_staff, exempt, exemption_data, snapshot, unit, verify

from eppid.catalog import selectors
from eppid.catalog.choices import Category, EntryStatus
from eppid.catalog.exemptions import exemption_record
from eppid.catalog.models import ConsequenceTest
from eppid.signing.models import DocumentKind, IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def test_a_test_lists_the_information_as_exempt_at_once(staff):
    _officer, ppid = staff
    test = exempt(ppid)
    entry = test.entry
    assert entry.status == EntryStatus.PUBLISHED and entry.number == 1
    assert entry.current.category == Category.EXEMPT
    assert list(selectors.information_search(category="exempt")) == [entry]
    assert test.ground_codes == ["bawaslu_b"] and test.exemption_basis == "bawaslu_b"
    assert test.participant_names == ["Ani Suryani (PPID)", "Budi Santoso (Kepala Subbagian Hukum)"]
    assert test.tested_on == timezone.localdate()
    kinds = set(
        IssuedDocument.objects.filter(reference=f"DIK 35.04/{entry.number}").values_list("kind", flat=True)
    )
    assert kinds == {DocumentKind.CONSEQUENCE_TEST, DocumentKind.CLASSIFICATION_DECREE}
    assert test.sheet_id and test.decree_id and test.sheet_id != test.decree_id
    assert verify()[0] == 0


def test_several_grounds_keep_their_order(staff):
    _officer, ppid = staff
    test = exempt(ppid, grounds=["h", "bawaslu_b"], exemption_basis="")
    assert test.ground_codes == ["h", "bawaslu_b"] and test.exemption_basis == "h"


def test_the_papers_are_signed_and_describe_without_disclosing(staff, settings, tmp_path):
    from pypdf import PdfReader
    from tests.signing_support import pki_setup

    pki_setup(settings, tmp_path)
    _officer, ppid = staff
    test = exempt(ppid)

    def text(doc) -> str:
        doc.refresh_from_db()
        assert doc.is_signed
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(doc.signed_pdf())).pages)

    sheet, decree = text(test.sheet), text(test.decree)
    assert "Lembar Pengujian Konsekuensi" in sheet and "Ani Suryani" in sheet
    assert "Keputusan PPID" in decree and test.sheet.code_display in decree
    for paper in (sheet, decree):
        assert "Pasal 18" in paper and "Identitas pelapor" in paper


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"exemption_basis": "z"}, "exemption_basis"),
        ({"exemption_basis": ""}, "exemption_basis"),
        ({"until": timezone.localdate().isoformat()}, "until"),
        ({"until": "31-12-2030"}, "until"),
        ({"information": ""}, "information"),
        ({"consequence": " "}, "consequence"),
        ({"public_interest": ""}, "public_interest"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"participants": []}, "participants"),
        ({"participants": ["a\u202eb"]}, "participants"),
        ({"occasion": "whenever"}, "occasion"),
        ({"document": "x" * 301}, "document"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(staff, overrides, field):
    _officer, ppid = staff
    before = snapshot()
    issued = IssuedDocument.objects.count()
    with pytest.raises(ValidationError) as caught:
        exempt(ppid, **overrides)
    assert field in caught.value.message_dict
    assert snapshot() == before and IssuedDocument.objects.count() == issued
    assert not ConsequenceTest.objects.exists()


def test_only_the_ppid_of_the_unit_holds_a_test(staff, make_staff):
    officer, _ppid = staff
    other_ppid = make_staff("ppid-other", ("32.01", "ppid"))
    for actor in (officer, other_ppid, None):
        with pytest.raises(PermissionDenied):
            exemption_record(unit=unit("35.04"), actor=actor, data=exemption_data())
    assert not ConsequenceTest.objects.exists()


def test_an_exempt_entry_never_shows_documents_or_content_in_the_api(staff, client):
    _officer, ppid = staff
    test = exempt(ppid)
    body = client.get(f"/api/v1/information/{test.entry_id}").json()
    assert body["category"] == "exempt" and body["documents"] == []


def test_the_period_must_end_after_today(staff):
    _officer, ppid = staff
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert exempt(ppid, until=tomorrow.isoformat()).until == tomorrow
