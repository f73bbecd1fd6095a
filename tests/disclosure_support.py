"""Helpers for tests of information requests (not a test module)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

NIK = "3504014101900001"


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


def request_data(**overrides) -> dict:
    data = {
        "unit": "35.04",
        "requester_type": "individual",
        "name": "Siti Aminah",
        "nik": NIK,
        "email": "siti@example.org",
        "phone": "0355 123456",
        "address": "Jl. Merdeka 1, Tulungagung",
        "occupation": "Teacher",
        "information": "Minutes of the plenary meeting of 2 January 2026",
        "purpose": "Research",
        "access_method": "copy",
        "copy_format": "softcopy",
        "delivery": "email",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def pdf_upload(name="ktp.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
