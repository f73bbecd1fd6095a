"""The information list's workflow through its services: draft, publish, new version, withdraw.

Every path ends with verify_integrity exiting 0; every refusal changes nothing (rows, log, files).
"""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation
from tests.catalog_support import (
    catalog_staff,
    draft,
    entry_data,
    pdf_file,
    published,
    scan_pdf,
    snapshot,
    text_pdf,
    unit,
    verify,
)
from tests.console_support import tiny_pdf

from eppid.catalog import selectors
from eppid.catalog.choices import Category, EntryStatus, TextStatus, VersionStatus
from eppid.catalog.models import EntryDocument, InformationEntry
from eppid.catalog.services import (
    CatalogError,
    entry_draft_create,
    entry_draft_update,
    entry_publish,
    entry_version_start,
    entry_withdraw,
)
from eppid.integrity.models import LogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are checked by their English wording (the Indonesian is checked by test_ui_i18n)."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def test_an_officer_drafts_and_the_ppid_publishes(staff):
    officer, ppid = staff
    entry = draft(officer)
    assert entry.status == EntryStatus.DRAFT and entry.number is None and entry.current_id is None
    assert not selectors.information_search().exists()

    entry = entry_publish(entry=entry, actor=ppid)
    assert entry.status == EntryStatus.PUBLISHED
    assert entry.number == 1 and entry.draft_id is None
    assert entry.current.status == VersionStatus.PUBLISHED and entry.current.published_by == ppid
    assert list(selectors.information_search()) == [entry]
    assert verify()[0] == 0


def test_a_document_is_stored_with_its_sha256_text_and_pages(staff):
    officer, _ppid = staff
    content = text_pdf("Realisasi belanja modal Tulungagung")
    entry = draft(officer, documents=[pdf_file("Realisasi 2026.pdf", content)])
    doc = EntryDocument.objects.get(entry=entry)
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert doc.size == len(content) and doc.pages == 1
    assert doc.name == "Realisasi 2026.pdf"
    assert "Realisasi belanja modal Tulungagung" in doc.text
    assert doc.text_status == TextStatus.EXTRACTED
    with doc.file.open("rb") as handle:
        assert handle.read() == content
    # The log holds the file's SHA-256 with the document's entry.
    entry_log = LogEntry.objects.filter(object_type="catalog.EntryDocument", object_id=str(doc.pk)).get()
    assert entry_log.file_hashes == [doc.sha256]


def test_a_scan_without_text_is_stored_and_flagged(staff):
    officer, _ppid = staff
    entry = draft(officer, documents=[pdf_file("scan.pdf", scan_pdf())])
    doc = EntryDocument.objects.get(entry=entry)
    assert doc.text_status == TextStatus.NO_TEXT
    assert selectors.entries_for_console(entry.unit).get(pk=entry.pk).scans


def test_publishing_a_new_version_keeps_the_old_one_and_its_documents(staff):
    officer, ppid = staff
    entry = published(officer, ppid, documents=[pdf_file("v1.pdf", text_pdf("naskah lama"))])
    first = entry.current
    old_doc = EntryDocument.objects.get(entry=entry)

    entry = entry_version_start(entry=entry, actor=officer)
    assert entry.current_id == first.pk and entry.draft.version == 2
    # The draft starts with the current documents, shared (not copied).
    assert [link.document_id for link in entry.draft.links.all()] == [old_doc.pk]
    entry = entry_draft_update(
        entry=entry,
        actor=officer,
        data=entry_data(title="Laporan keuangan semester I (revisi)"),
        documents=[pdf_file("v2.pdf", text_pdf("naskah baru"))],
        remove=[old_doc.pk],
    )
    # Still the first version in public until the PPID publishes.
    assert selectors.information_public_get(entry.pk).current.title == "Laporan keuangan semester I"
    entry = entry_publish(entry=entry, actor=ppid)

    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert entry.current.version == 2 and entry.number == 1
    versions = selectors.entry_public_versions(entry)
    assert [v.version for v in versions] == [2, 1]
    assert [d.name for d in selectors.version_documents(versions[1])] == ["v1.pdf"]
    # The old document is still served: it was published.
    assert selectors.document_public_get(entry.pk, old_doc.pk).document == old_doc
    assert EntryDocument.objects.filter(pk=old_doc.pk).exists()
    assert list(selectors.information_search(q="baru")) == [entry]
    assert list(selectors.information_search(q="lama")) == []
    assert verify()[0] == 0


def test_a_document_taken_off_a_draft_before_publication_is_deleted_with_its_file(
    staff, django_capture_on_commit_callbacks
):
    officer, _ppid = staff
    entry = draft(officer)
    doc = EntryDocument.objects.get(entry=entry)
    path = Path(doc.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        entry_draft_update(entry=entry, actor=officer, data=entry_data(), remove=[doc.pk])
    assert not EntryDocument.objects.filter(pk=doc.pk).exists()
    assert not path.exists()
    assert verify()[0] == 0


def test_withdrawal_keeps_the_reason_public_and_stops_serving_documents(staff):
    officer, ppid = staff
    entry = published(officer, ppid)
    doc = EntryDocument.objects.get(entry=entry)
    entry = entry_withdraw(entry=entry, actor=ppid, reason="Memuat data pribadi yang belum dihitamkan.")
    assert entry.status == EntryStatus.WITHDRAWN
    assert not selectors.information_search().exists()
    shown = selectors.information_public_get(entry.pk)
    assert shown.withdrawal_reason == "Memuat data pribadi yang belum dihitamkan."
    found = selectors.document_public_get(entry.pk, doc.pk)
    assert found.entry == shown and found.document is None
    with pytest.raises(CatalogError):
        entry_withdraw(entry=entry, actor=ppid, reason="again")
    with pytest.raises(CatalogError):
        entry_version_start(entry=entry, actor=officer)
    assert verify()[0] == 0


def test_withdrawing_discards_a_pending_new_version(staff):
    officer, ppid = staff
    entry = entry_version_start(entry=published(officer, ppid), actor=officer)
    pending = entry.draft
    entry = entry_withdraw(entry=entry, actor=ppid, reason="Salah unggah.")
    pending.refresh_from_db()
    assert entry.draft_id is None and pending.status == VersionStatus.DISCARDED
    assert verify()[0] == 0


def test_only_the_ppid_publishes_and_withdraws(staff, make_staff):
    officer, ppid = staff
    entry = draft(officer)
    with pytest.raises(PermissionDenied):
        entry_publish(entry=entry, actor=officer)
    superior = make_staff("atasan", ("35.04", "superior"))
    with pytest.raises(PermissionDenied):
        entry_draft_create(unit=unit(), actor=superior, data=entry_data())
    foreign_ppid = make_staff("ppid-bandung", ("32.01", "ppid"))
    with pytest.raises(PermissionDenied):
        entry_publish(entry=entry, actor=foreign_ppid)
    entry = entry_publish(entry=entry, actor=ppid)
    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=officer, reason="x")


def test_state_conflicts_are_refused_and_change_nothing(staff):
    officer, ppid = staff
    entry = published(officer, ppid)
    before = snapshot()
    with pytest.raises(CatalogError):
        entry_publish(entry=entry, actor=ppid)  # nothing drafted
    with pytest.raises(CatalogError):
        entry_draft_update(entry=entry, actor=officer, data=entry_data())
    entry = entry_version_start(entry=entry, actor=officer)
    after_start = snapshot()
    with pytest.raises(CatalogError):
        entry_version_start(entry=entry, actor=officer)
    assert snapshot() == after_start
    assert before["versions"] + 1 == after_start["versions"]


def test_exempt_cannot_be_chosen_by_hand(staff):
    officer, _ppid = staff
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        draft(officer, category=Category.EXEMPT)
    assert "consequence test" in " ".join(error.value.message_dict["category"])
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"category": "secret"}, "category"),
        ({"created": "2026-13-01"}, "created"),
        ({"created": "2999-01-01"}, "created"),
        ({"created": ""}, "created"),
        ({"year": "20x6"}, "year"),
        ({"year": "1999"}, "year"),
        ({"type": "nope"}, "type"),
        ({"summary": "tab\x00nul"}, "summary"),
        ({"responsible": ""}, "responsible"),
        ({"format": ""}, "format"),
        ({"retention": ""}, "retention"),
    ],
)
def test_bad_fields_are_refused_by_name_and_change_nothing(staff, overrides, field):
    officer, _ppid = staff
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        draft(officer, **overrides)
    assert field in error.value.message_dict
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "laporan.docx", "office document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "laporan.doc", "office document"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "laporan.pdf", "not a PDF"),
        (b"", "kosong.pdf", "empty"),
        (tiny_pdf("cut")[:-40], "terpotong.pdf", "damaged"),
        (b"%PDF-1.4\n garbage\n%%EOF\n", "rusak.pdf", "damaged"),
    ],
)
def test_bad_documents_are_refused_with_their_name_and_change_nothing(staff, content, name, words):
    officer, _ppid = staff
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        draft(officer, documents=[pdf_file("baik.pdf"), pdf_file(name, content)])
    messages = error.value.message_dict["documents"]
    assert len(messages) == 1 and name in messages[0] and words in messages[0]
    assert snapshot() == before


@override_settings(EPPID_CATALOG_MAX_BYTES=1024)
def test_a_document_over_the_size_limit_is_refused(staff):
    officer, _ppid = staff
    big = tiny_pdf("x" * 2000)
    assert len(big) > 1024
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        draft(officer, documents=[pdf_file("besar.pdf", big)])
    assert "larger than" in error.value.message_dict["documents"][0]
    assert snapshot() == before


def test_a_password_protected_pdf_is_refused(staff):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    officer, _ppid = staff
    with pytest.raises(ValidationError) as error:
        draft(officer, documents=[pdf_file("terkunci.pdf", out.getvalue())])
    assert "password" in error.value.message_dict["documents"][0]


def test_too_many_documents_are_refused(staff):
    officer, _ppid = staff
    with pytest.raises(ValidationError) as error:
        draft(officer, documents=[pdf_file(f"d{i}.pdf") for i in range(21)])
    assert "documents" in error.value.message_dict
    assert not InformationEntry.objects.exists()


def test_a_failure_while_storing_leaves_no_file_behind(staff, monkeypatch):
    officer, _ppid = staff
    from eppid.catalog import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.VersionDocument.objects, "create", broken)
    before = snapshot()
    with pytest.raises(RuntimeError):
        draft(officer)
    assert snapshot() == before


def test_numbers_are_per_unit_and_never_reused(staff, make_staff):
    officer, ppid = staff
    first = published(officer, ppid)
    second = published(officer, ppid, title="Kedua")
    entry_withdraw(entry=second, actor=ppid, reason="Salah.")
    third = published(officer, ppid, title="Ketiga")
    jatim_officer, jatim_ppid = catalog_staff(make_staff, "35")
    other = published(jatim_officer, jatim_ppid, code="35")
    assert [first.number, second.number, third.number, other.number] == [1, 2, 3, 1]


def test_holder_place_and_year_have_defaults_from_the_unit_and_date(staff):
    officer, _ppid = staff
    entry = draft(officer, created="2025-03-04")
    version = entry.draft
    assert version.holder == "Bawaslu Kabupaten Tulungagung"
    assert version.made_place == unit().region_name
    assert version.year == 2025
