"""Information requests for the officer-console tests, made through core's own services (never by hand)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

NIK = "3504011201900001"  # Jawa Timur, born 12 January 1990


def tiny_pdf(text: str = "KTP") -> bytes:
    """A small, well-formed one-page PDF (with a correct cross-reference table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_upload(name: str = "ktp.pdf", text: str = "KTP") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(text), content_type="application/pdf")


def request_data(unit_code: str = "35.04", **overrides) -> dict:
    data = {
        "unit": unit_code,
        "requester_type": "individual",
        "name": "Siti Rahayu",
        "nik": NIK,
        "email": "siti@example.org",
        "phone": "0355 123456",
        "address": "Jl. Pahlawan 1, Tulungagung",
        "occupation": "Guru",
        "information": "Daftar pemilih tetap Kecamatan Kedungwaru pada Pemilu 2024",
        "purpose": "Penelitian",
        "access_method": "copy",
        "copy_format": "softcopy",
        "delivery": "email",
    }
    data.update(overrides)
    return data


def desk_officer():
    user, _ = get_user_model().objects.get_or_create(
        username="request-desk", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def make_request(
    unit_code: str = "35.04",
    *,
    identity: bool = True,
    authorisation: bool = False,
    received_at=None,
    **overrides,
):
    """A request registered at the desk of ``unit_code`` (status received)."""
    from eppid.disclosure.services import request_submit

    return request_submit(
        data=request_data(unit_code, **overrides),
        identity_document=pdf_upload() if identity else None,
        authorisation_document=pdf_upload("kuasa.pdf", "Surat kuasa") if authorisation else None,
        channel="walk_in",
        received_at=received_at or timezone.now(),
        actor=desk_officer(),
    ).request


def request_number_in(unit_code: str) -> str:
    """For the permission matrix (InUnit): a fresh request of the unit, by its number."""
    return make_request(unit_code).registration_number


def group_request_number_in(unit_code: str) -> str:
    """A fresh request of a group (with a power of attorney) of the unit, by its number."""
    return make_request(
        unit_code, requester_type="group", group_name="Forum Warga Kedungwaru", authorisation=True
    ).registration_number
