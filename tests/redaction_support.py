"""PDFs with text and images for the redaction tests, and ways to read what is left in one."""

from __future__ import annotations

import io
import shutil
import subprocess  # nosec B404 - pdftotext on a file the test made

SECRET_LINE = "Nama pemohon: Budi Santoso, NIK 3201010101010001"
PUBLIC_LINE = "Anggaran belanja modal tahun 2026 telah direalisasikan"


def redaction_pdf(*, rotated_page: bool = False) -> bytes:
    """Two A4 pages: page 1 has a secret line, a public line and a red square picture at
    (25.4 mm, 70.6 mm)-(95.9 mm, 141.1 mm); page 2 repeats the name (to be found by the search)."""
    import pymupdf
    from PIL import Image

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), SECRET_LINE, fontsize=11)
    page.insert_text((72, 140), PUBLIC_LINE, fontsize=11)
    picture = io.BytesIO()
    Image.new("RGB", (100, 100), (255, 0, 0)).save(picture, "PNG")
    page.insert_image(pymupdf.Rect(72, 200, 272, 400), stream=picture.getvalue())
    second = doc.new_page(width=595, height=842)
    second.insert_text((72, 100), "Tembusan kepada Budi Santoso di Surabaya", fontsize=11)
    if rotated_page:
        second.set_rotation(90)
    doc.set_metadata({"title": "Surat untuk Budi Santoso", "author": "Budi Santoso"})
    return doc.tobytes()


def text_pypdf(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    parts = [page.extract_text() or "" for page in reader.pages]
    meta = reader.metadata or {}
    parts.extend(str(value) for value in meta.values())
    return " ".join(" ".join(parts).split())


def text_pdftotext(content: bytes, tmp_path) -> str | None:
    """The text poppler finds, or None where pdftotext is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    source = tmp_path / "redacted.pdf"
    source.write_bytes(content)
    out = subprocess.run([tool, str(source), "-"], capture_output=True, check=True, timeout=30)  # nosec B603
    return " ".join(out.stdout.decode("utf-8", "replace").split())


def picture_pixels(content: bytes) -> list[tuple[tuple[int, int, int], tuple[int, int, int]]]:
    """For each picture left on page 1: (the pixel at its top-left quarter, at its bottom-right)."""
    import pymupdf

    doc = pymupdf.open(stream=content, filetype="pdf")
    found = []
    for info in doc[0].get_images(full=True):
        pixmap = pymupdf.Pixmap(doc, info[0])
        found.append((pixmap.pixel(10, 10), pixmap.pixel(pixmap.width - 10, pixmap.height - 10)))
    return found


# --- For the permission matrix (InUnit factories) -------------------------------------------------


def redacted_request_number_in(unit_code: str) -> str:
    """A fresh request of the unit with one redacted copy kept for it, by its number."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.console_support import desk_officer, make_request

    from eppid.disclosure.services.redaction import request_document_redact

    info_request = make_request(unit_code)
    request_document_redact(
        request=info_request,
        actor=desk_officer(),
        document=SimpleUploadedFile("surat.pdf", redaction_pdf(), content_type="application/pdf"),
        terms="Budi Santoso",
        ground="h",
    )
    return info_request.registration_number


def latest_redaction_in(unit_code: str) -> int:
    """The newest redacted copy of the unit: the one made just before (kwargs keep order)."""
    from eppid.redaction.models import Redaction

    return Redaction.objects.filter(unit__code=unit_code).order_by("-pk").values_list("pk", flat=True)[0]
