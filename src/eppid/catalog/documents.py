"""Storing a document of an entry: checked bytes, SHA-256, extracted text, signature field.

The text is extracted once, when the document is stored, so that search (title, summary and the
words inside the PDF) never opens a file. A PDF whose pages carry no text layer (a scan) is stored
all the same and flagged to staff (``TextStatus.NO_TEXT``): it cannot be found by its words and is
hard to read for people who use a screen reader.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from pypdf import PdfReader

from eppid.catalog.choices import TextStatus
from eppid.catalog.models import EntryDocument
from eppid.catalog.uploads import CheckedPdf, pdf_check
from eppid.core.journal import FileJournal, files_undone_on_failure

__all__ = ["FileJournal", "files_undone_on_failure"]  # with the functions below, for the services

logger = logging.getLogger("eppid.catalog")

# Enough for a long report; beyond it the rest of the text is not searchable (the file is whole).
TEXT_MAX_CHARS = 2_000_000
# Fewer letters or digits than this in the whole document: a scan without a text layer.
TEXT_MIN_CHARS = 20
NAME_MAX = 200
# C0 controls but tab and newline: PostgreSQL refuses NUL in text, and none of them is readable.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def document_name(upload, index: int) -> str:
    """A safe file name to show and to download under (never a path; always ending in .pdf)."""
    raw = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    raw = "".join(char for char in raw if char.isprintable() and char not in '"<>|:*?')
    raw = " ".join(raw.split()).strip(". ")
    stem = raw[:-4] if raw.lower().endswith(".pdf") else raw
    stem = stem[: NAME_MAX - 4] or f"dokumen-{index}"
    return f"{stem}.pdf"


def pdf_text(reader: PdfReader) -> tuple[str, str]:
    """(text, status) of a readable PDF; never raises."""
    parts: list[str] = []
    length = 0
    failed = False
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one unreadable page must not lose the others' text
            failed = True
            continue
        text = _CONTROL.sub(" ", text)
        parts.append(text)
        length += len(text)
        if length >= TEXT_MAX_CHARS:
            break
    text = "\n".join(parts)[:TEXT_MAX_CHARS]
    if sum(char.isalnum() for char in text) < TEXT_MIN_CHARS:
        return text.strip(), TextStatus.FAILED if failed and not text.strip() else TextStatus.NO_TEXT
    return text, TextStatus.EXTRACTED


def pdf_has_signature(reader: PdfReader) -> bool:
    """Whether a signature field holds a signature (made by anyone)."""
    try:
        fields = reader.get_fields() or {}
    except Exception:  # noqa: BLE001 - a broken form is "no signature found", not an error
        return False
    return any(field.get("/FT") == "/Sig" and field.get("/V") is not None for field in fields.values())


def documents_check(uploads) -> list[tuple[str, CheckedPdf]]:
    """Check every upload before anything is written: (file name, checked PDF) each, or one
    ValidationError on ``documents`` that names every file refused and why."""
    errors: list[str] = []
    checked = []
    for index, upload in enumerate(uploads, start=1):
        try:
            checked.append((document_name(upload, index), pdf_check(upload)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"documents": errors})
    return checked


def document_store(
    *, entry, name: str, checked: CheckedPdf, actor, journal: FileJournal, redaction=None
) -> EntryDocument:
    """Hash, extract and store one checked PDF as a document of ``entry``; the caller holds the
    transaction (the journal deletes the file if it does not commit)."""
    with checked.limits():
        text, status = pdf_text(checked.reader)
        signed = pdf_has_signature(checked.reader)
    doc = EntryDocument(
        entry=entry,
        name=name,
        content_type="application/pdf",
        size=checked.size,
        sha256=hashlib.sha256(checked.content).hexdigest(),
        pages=checked.pages,
        text=text,
        text_status=status,
        signature_embedded=signed,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        redaction=redaction,
    )
    doc.file.save("document.pdf", ContentFile(checked.content), save=False)
    journal.add(doc.file.name)
    doc.save()
    return doc


def document_bytes(doc: EntryDocument):
    """An open binary file of the stored document (the caller closes it)."""
    return doc.file.storage.open(doc.file.name, "rb")
