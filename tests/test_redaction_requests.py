"""Redacted copies for a requester, and a granted request's released documents published as a
setiap-saat entry in one step (issue 12 items 8 and 9)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from tests.catalog_support import verify
from tests.console_support import make_request
from tests.redaction_support import PUBLIC_LINE, redaction_pdf, text_pypdf

from eppid.catalog import selectors
from eppid.catalog.choices import Category, EntryStatus
from eppid.catalog.documents import document_bytes
from eppid.catalog.models import InformationEntry, RequestPublication
from eppid.catalog.released import entry_from_request
from eppid.catalog.services import CatalogError
from eppid.disclosure.models import ReleasedDocument
from eppid.disclosure.services import LifecycleError, request_decide, request_start
from eppid.disclosure.services.redaction import request_document_redact, request_redactions_pending
from eppid.redaction.models import Redaction

pytestmark = pytest.mark.django_db
REQUESTER = "Budi Santoso"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(make_staff):
    officer = make_staff("petugas", ("35.04", "officer"))
    ppid = make_staff("ppid", ("35.04", "ppid"))
    return officer, ppid


def _pdf(name="surat.pdf", content=None):
    return SimpleUploadedFile(name, content or redaction_pdf(), content_type="application/pdf")


def _redacted(info_request, actor, **kwargs):
    values = {"terms": f"{REQUESTER}\n3201010101010001", "ground": "h", **kwargs}
    return request_document_redact(request=info_request, actor=actor, document=_pdf(), **values)


def _entry_data(**overrides):
    data = {
        "title": "Surat jawaban tentang anggaran belanja modal",
        "summary": "Realisasi anggaran belanja modal 2026.",
        "responsible": "Kepala Subbagian Keuangan",
        "format": "Softcopy (PDF)",
        "retention": "5 tahun",
        "created": "2026-01-05",
    }
    data.update(overrides)
    return data


def _granted(officer, *, outcome="granted", with_original=False, **kwargs):
    info_request = make_request(name=REQUESTER)
    request_start(request=info_request, actor=officer)
    copy = _redacted(info_request, officer)
    extra = {"exemption_basis": "h"} if outcome != "granted" else {}
    request_decide(
        request=info_request,
        actor=officer,
        outcome=outcome,
        material="Salinan surat",
        redacted=[copy.pk],
        documents=[_pdf("asli.pdf")] if with_original else (),
        **extra,
        **kwargs,
    )
    info_request.refresh_from_db()
    return info_request, copy


# --- Item 8: a redacted copy is what the requester gets -------------------------------------------


def test_the_decision_sends_the_redacted_copy_with_its_record(staff):
    officer, _ppid = staff
    info_request, copy = _granted(officer)
    assert copy.purpose == "request" and copy.reference == info_request.registration_number
    assert (copy.term_count, copy.match_count, copy.ground, copy.created_by) == (2, 3, "h", officer)
    [released] = info_request.decision.documents.all()
    assert released.redaction == copy and released.sha256 == copy.sha256
    with released.file.open("rb") as handle:
        sent = handle.read()
    text = text_pypdf(sent)
    assert "Budi" not in text and "3201010101010001" not in text and PUBLIC_LINE in text
    assert not request_redactions_pending(info_request).exists()
    assert verify()[0] == 0


def test_bad_documents_and_marks_change_nothing(staff):
    officer, _ppid = staff
    info_request = make_request()
    cases = (
        ({"document": SimpleUploadedFile("surat.pdf", b"PK\x03\x04 not a pdf")}, "document"),
        ({"areas": "7 1 1 10 10", "terms": ""}, "areas"),
        ({"areas": "1 1 1 10 400", "terms": ""}, "areas"),
        ({"terms": "Siti Aminah"}, "terms"),
        ({"ground": ""}, "ground"),
    )
    for kwargs, field in cases:
        values = {"document": _pdf(), "terms": REQUESTER, "ground": "h", **kwargs}
        with pytest.raises(ValidationError) as caught:
            request_document_redact(request=info_request, actor=officer, **values)
        assert field in caught.value.message_dict, kwargs
    assert not Redaction.objects.exists()


def test_a_closed_request_gets_no_redacted_copy_and_foreign_copies_are_refused(staff):
    officer, _ppid = staff
    info_request, _copy = _granted(officer)
    with pytest.raises(LifecycleError):
        _redacted(info_request, officer)
    other = make_request()
    request_start(request=other, actor=officer)
    with pytest.raises(ValidationError) as caught:
        request_decide(request=other, actor=officer, outcome="granted", material="x", redacted=[_copy.pk])
    assert "redacted" in caught.value.message_dict
    other.refresh_from_db()
    assert other.is_open and not ReleasedDocument.objects.filter(decision__request=other).exists()


def test_the_console_redacts_lists_and_sends_the_copy(staff, verified_client):
    officer, _ppid = staff
    info_request = make_request(name=REQUESTER)
    client = verified_client(officer)
    number = info_request.registration_number
    detail = reverse("office:request", kwargs={"code": "35.04", "number": number})
    url = reverse("office:request-redact", kwargs={"code": "35.04", "number": number})
    assert url in client.get(detail).content.decode()
    assert client.get(url).status_code == 200
    bad = client.post(url, {"document": _pdf(), "ground": "h", "areas": "9 1 1 5 5"})
    assert bad.status_code == 200 and "Page 9 does not exist" in bad.content.decode()
    bad = client.post(url, {"document": SimpleUploadedFile("a.pdf", b"hello"), "ground": "h", "terms": "abc"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    assert not Redaction.objects.exists()
    response = client.post(url, {"document": _pdf(), "ground": "h", "terms": REQUESTER})
    assert response.status_code == 302
    copy = Redaction.objects.get()
    page = client.get(detail).content.decode()
    download = reverse("office:request-redaction", kwargs={"code": "35.04", "number": number, "pk": copy.pk})
    assert download in page and "Not sent yet" in page
    served = b"".join(client.get(download).streaming_content)
    assert "Budi" not in text_pypdf(served)
    decide = reverse("office:request-decide", kwargs={"code": "35.04", "number": number})
    form = client.get(decide).content.decode()
    assert copy.name in form and 'name="redacted"' in form
    response = client.post(
        decide,
        {
            "outcome": "granted",
            "explanation": "Diberikan.",
            "material": "Surat",
            "fee_rupiah": 0,
            "redacted": [copy.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ReleasedDocument.objects.get().redaction == copy
    assert "Sent with the decision" in client.get(detail).content.decode()
    assert verify()[0] == 0


# --- Item 9: released answers become public knowledge --------------------------------------------


def test_the_ppid_publishes_the_released_documents_in_one_step(staff, client):
    officer, ppid = staff
    info_request, copy = _granted(officer)
    [released] = info_request.decision.documents.all()
    entry = entry_from_request(request=info_request, actor=ppid, data=_entry_data(), documents=[released.pk])
    assert entry.status == EntryStatus.PUBLISHED and entry.current.category == Category.ON_DEMAND
    assert RequestPublication.objects.get().entry == entry
    [doc] = selectors.version_documents(entry.current)
    assert doc.redaction == copy and doc.sha256 == copy.sha256
    with document_bytes(doc) as handle:
        assert "Budi" not in text_pypdf(handle.read())
    # The next citizen finds it by a word inside the PDF.
    found = client.get(reverse("portal:information"), {"q": "direalisasikan"}).content.decode()
    assert "Surat jawaban tentang anggaran" in found
    public = client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})).content.decode()
    assert "Parts of this document were removed (redacted) under UU 14/2008 Pasal 17 huruf h." in public
    assert REQUESTER not in public
    with pytest.raises(CatalogError, match="already published"):
        entry_from_request(request=info_request, actor=ppid, data=_entry_data(), documents=[released.pk])
    assert verify()[0] == 0


def _refused_as_personal(info_request, ppid, *, document, clean_document, summary):
    """``document`` is refused for what it prints, ``summary`` beside a clean document likewise."""
    with pytest.raises(ValidationError) as caught:
        entry_from_request(request=info_request, actor=ppid, data=_entry_data(), documents=[document.pk])
    assert "contains the requester's personal data" in caught.value.message_dict["documents"][0]
    with pytest.raises(ValidationError) as caught:
        entry_from_request(
            request=info_request, actor=ppid, data=_entry_data(summary=summary), documents=[clean_document.pk]
        )
    assert "summary" in caught.value.message_dict
    assert not InformationEntry.objects.exists() and not RequestPublication.objects.exists()


def test_personal_data_is_never_published(staff):
    officer, ppid = staff
    info_request, _copy = _granted(officer, with_original=True)
    _refused_as_personal(
        info_request,
        ppid,
        document=info_request.decision.documents.get(redaction__isnull=True),
        clean_document=info_request.decision.documents.get(redaction__isnull=False),
        summary=f"Jawaban atas permohonan {REQUESTER}",
    )


def test_only_the_ppid_and_only_a_granted_request(staff):
    officer, ppid = staff
    info_request, _copy = _granted(officer, outcome="rejected", explanation="Dikecualikan.")
    with pytest.raises(CatalogError):
        entry_from_request(request=info_request, actor=ppid, data=_entry_data(), documents=[])
    granted, _copy = _granted(officer)
    with pytest.raises(PermissionDenied):
        entry_from_request(request=granted, actor=officer, data=_entry_data(), documents=[])
    with pytest.raises(ValidationError) as caught:
        entry_from_request(request=granted, actor=ppid, data=_entry_data(), documents=[])
    assert "documents" in caught.value.message_dict
    assert not InformationEntry.objects.exists()


def test_the_console_publishes_from_the_request_page(staff, verified_client):
    officer, ppid = staff
    info_request, _copy = _granted(officer)
    number = info_request.registration_number
    detail = reverse("office:request", kwargs={"code": "35.04", "number": number})
    url = reverse("office:request-publish", kwargs={"code": "35.04", "number": number})
    assert url not in verified_client(officer).get(detail).content.decode()
    client = verified_client(ppid)
    assert url in client.get(detail).content.decode()
    form = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert "Daftar pemilih tetap" in form  # prefilled from the information requested
    bad = client.post(url, {"title": "", "summary": "x"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    [released] = info_request.decision.documents.all()
    data = {key: value for key, value in _entry_data().items() if key != "created"}
    response = client.post(url, {**data, "documents": [released.pk]})
    assert response.status_code == 302
    entry = InformationEntry.objects.get()
    assert response["Location"] == reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})
    page = client.get(detail).content.decode()
    assert reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk}) in page
    again = client.post(url, {**data, "documents": [released.pk]})
    assert again.status_code == 409


def _pdf_saying(text: str):
    import pymupdf  # local: only these tests write their own PDF

    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_text((72, 100), text, fontsize=11)
    return _pdf("lampiran.pdf", doc.tobytes())


def _granted_releasing(officer, printed: str, **requester):
    """A granted request that released one PDF printing ``printed``; (request, that document)."""
    info_request = make_request(name=REQUESTER, nik="3201010101010001", **requester)
    request_start(request=info_request, actor=officer)
    document = _pdf_saying(printed)
    request_decide(
        request=info_request, actor=officer, outcome="granted", material="Salinan", documents=[document]
    )
    info_request.refresh_from_db()
    return info_request, info_request.decision.documents.get()


@pytest.mark.parametrize(
    ("phone", "printed"),
    [
        (None, "NIK pemohon: 3201 0101 0101 0001"),
        (None, "NIK 3201-0101-0101-0001"),
        (None, "NIK 3201.0101.0101.0001"),
        ("0812 7777 1234", "Telepon 081277771234"),
        ("0812 7777 1234", "Telepon +62 812-7777-1234"),
        ("+62 812 7777 1234", "Hubungi 0812 7777 1234"),
    ],
    ids=["nik-spaced", "nik-dashed", "nik-dotted", "phone-joined", "phone-international", "phone-national"],
)
def test_an_identity_number_or_phone_written_another_way_is_still_found(staff, phone, printed):
    officer, ppid = staff
    info_request, released = _granted_releasing(officer, printed, **({"phone": phone} if phone else {}))
    # The summary is refused before any document is read, so the same document serves.
    _refused_as_personal(
        info_request, ppid, document=released, clean_document=released, summary=f"Jawaban; {printed}"
    )


def test_other_numbers_are_not_taken_for_the_requesters(staff):
    officer, ppid = staff
    printed = "Anggaran 2026: Rp 3.201.010.101 dan 812.777; nomor surat 0101/0001"
    info_request, released = _granted_releasing(officer, printed, phone="0812 7777 1234")
    entry = entry_from_request(request=info_request, actor=ppid, data=_entry_data(), documents=[released.pk])
    assert entry.status == EntryStatus.PUBLISHED
