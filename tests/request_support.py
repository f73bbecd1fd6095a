"""Helpers for the citizen request wizard tests: valid answers and a way to walk the steps."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

NIK = "3504121705900001"
DECREE = "AHU-0012345.AH.01.07.TAHUN 2020"


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (32, 24), (10, 120, 30))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (7.0, 48.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def pdf_upload(name="ktp.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def answers(requester_type="individual", unit="35.04") -> dict[str, dict]:
    identity = {"name": "Budi Santoso", "nik": NIK}
    if requester_type == "group":
        identity = {"group_name": "Forum Warga Peduli Pemilu", "name": "Siti Aminah", "nik": NIK}
    elif requester_type == "legal_entity":
        identity = {"name": "Yayasan Data Terbuka", "legal_entity_number": DECREE}
    return {
        "unit": {"unit": unit},
        "requester-type": {"requester_type": requester_type},
        "identity": identity,
        "contact": {
            "email": "budi@example.org",
            "phone": "0812 3456 7890",
            "address": "Jl. Mawar 3, Tulungagung",
            "occupation": "Journalist",
        },
        "information": {
            "information": "The minutes of the plenary meeting on the 2024 recapitulation.",
            "purpose": "Research for an article.",
        },
        "access": {"access_method": "copy", "copy_format": "softcopy", "delivery": "email"},
    }


def step_url(step: str, prefix: str = "") -> str:
    return f"{prefix}/permohonan/{step}/"


def fill_until_check(client, requester_type="individual", prefix="", unit="35.04"):
    """Walk every step with valid answers; returns the response of the last POST (a redirect)."""
    for step, data in answers(requester_type, unit).items():
        response = client.post(step_url(step, prefix), data)
        assert response.status_code == 302, (step, response.content[:2000])
    files = {"identity_document": pdf_upload()}
    if requester_type == "group":
        files["authorisation_document"] = pdf_upload("surat-kuasa.pdf")
    response = client.post(step_url("documents", prefix), files)
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"].endswith("/permohonan/periksa/")
    return response
