"""Entries of the information list for the tests, made through the catalog's own services."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.console_support import tiny_pdf
from tests.integrity_support import verify  # noqa: F401 - the catalog tests import it from here


def text_pdf(text: str = "Laporan realisasi anggaran") -> bytes:
    """A one-page PDF whose page carries ``text`` (found by search)."""
    return tiny_pdf(text)


def scan_pdf() -> bytes:
    """A one-page PDF without any text layer, as a scanner makes without OCR."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_file(
    name: str = "laporan.pdf", content: bytes | None = None, text: str = "Laporan realisasi anggaran"
):
    return SimpleUploadedFile(
        name, content if content is not None else text_pdf(text), content_type="application/pdf"
    )


def entry_data(**overrides) -> dict:
    data = {
        "title": "Laporan keuangan semester I",
        "summary": "Anggaran dan realisasi belanja semester pertama.",
        "category": "periodic",
        "type": "finances",
        "responsible": "Kepala Subbagian Keuangan",
        "created": timezone.localdate().replace(day=1).isoformat(),
        "format": "Softcopy (PDF)",
        "retention": "5 tahun",
    }
    data.update(overrides)
    return data


def unit(code: str = "35.04"):
    from eppid.organisation.models import Unit

    return Unit.objects.get(code=code)


def draft(officer, code: str = "35.04", documents=None, **overrides):
    from eppid.catalog.services import entry_draft_create

    return entry_draft_create(
        unit=unit(code),
        actor=officer,
        data=entry_data(**overrides),
        documents=[pdf_file()] if documents is None else documents,
    )


def published(officer, ppid, code: str = "35.04", **overrides):
    from eppid.catalog.services import entry_publish

    return entry_publish(entry=draft(officer, code, **overrides), actor=ppid)


def snapshot() -> dict:
    """Counts of everything a catalog service may write: rows, log entries, stored files."""
    from pathlib import Path

    from django.conf import settings

    from eppid.catalog.models import EntryDocument, EntryVersion, InformationEntry, VersionDocument
    from eppid.integrity.models import LogEntry

    files = Path(settings.MEDIA_ROOT) / "catalog"
    return {
        "entries": InformationEntry.objects.count(),
        "versions": EntryVersion.objects.count(),
        "documents": EntryDocument.objects.count(),
        "links": VersionDocument.objects.count(),
        "log": LogEntry.objects.filter(object_type__startswith="catalog.").count(),
        "files": sum(1 for path in files.rglob("*") if path.is_file()) if files.exists() else 0,
    }


def catalog_staff(make_staff, code: str = "35.04"):
    """(officer, ppid) of the unit, with email addresses (the PPID gets reminders)."""
    officer = make_staff(f"petugas-{code}", (code, "officer"), email=f"petugas-{code}@example.org")
    ppid = make_staff(f"ppid-{code}", (code, "ppid"), email=f"ppid-{code}@example.org")
    return officer, ppid


# --- For the permission matrix (InUnit factories) -------------------------------------------------


def _author():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="catalog-author", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def draft_in(unit_code: str) -> int:
    """A fresh draft entry of the unit, with one document, by its id."""
    return draft(_author(), unit_code).pk


def published_in(unit_code: str) -> int:
    """A fresh published entry of the unit, by its id."""
    return published(_author(), _author(), unit_code).pk


def latest_document_in(unit_code: str) -> int:
    """The newest document of the unit: the one of the entry made just before (kwargs keep order)."""
    from eppid.catalog.models import EntryDocument

    return (
        EntryDocument.objects.filter(entry__unit__code=unit_code)
        .order_by("-pk")
        .values_list("pk", flat=True)[0]
    )


# --- Consequence tests (exempt information, DIK) ----------------------------------------------------


def exemption_data(**overrides) -> dict:
    from datetime import timedelta

    data = {
        "document": "Berkas penanganan dugaan pelanggaran nomor 12/Reg/2026",
        "information": "Identitas pelapor dan saksi dalam berkas penanganan pelanggaran",
        "exemption_basis": "bawaslu_b",
        "legal_basis": "Perbawaslu 1/2022 Pasal 18 ayat (2) huruf b; UU 14/2008 Pasal 17 huruf h",
        "consequence": "Pelapor dan saksi dapat terancam keselamatannya bila identitasnya dibuka.",
        "public_interest": "Kepentingan umum terlayani oleh putusan yang diumumkan, tanpa identitas saksi.",
        "until": (timezone.localdate() + timedelta(days=365)).isoformat(),
        "participants": ["Ani Suryani (PPID)", "Budi Santoso (Kepala Subbagian Hukum)"],
    }
    data.update(overrides)
    return data


def exempt(ppid, code: str = "35.04", **overrides):
    from eppid.catalog.exemptions import exemption_record

    return exemption_record(unit=unit(code), actor=ppid, data=exemption_data(**overrides))


def exempt_in(unit_code: str) -> int:
    """A consequence test of ``unit_code`` (for the permission matrix), by its id."""
    return exempt(_author(), unit_code).pk


def exempt_entry_in(unit_code: str) -> int:
    """The entry of a consequence test of ``unit_code`` (for the permission matrix), by its id."""
    return exempt(_author(), unit_code).entry_id
