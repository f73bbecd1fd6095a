"""Checking a document staff attach to an entry, by its bytes.

TEMPORARY: to be replaced by ``eppid.core.uploads`` at merge (issue 10 builds it: bytes
sniffing, size and page limits, PDF active content refused). Until then this small check keeps
the catalog honest: a PDF by its first bytes (never its name), at most EPPID_CATALOG_MAX_BYTES,
readable by pypdf, not password-protected, with at least one page. Office files are refused with
a message that says how to make a PDF (docs/decisions/1300-catalog-documents-pdf-only.md).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

from eppid.core.upload_pdf import pdf_limits
from eppid.core.uploads import pdf_limits_apply, upload_scan

PDF_MAGIC = b"%PDF-"
# First bytes of the office formats people will try: a ZIP (docx, xlsx, pptx, odt, ods) or OLE2.
OFFICE_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    pages: int
    reader: PdfReader

    @property
    def size(self) -> int:
        return len(self.content)

    def limits(self):
        """Read the PDF further (text, fields) only inside ``with checked.limits():``."""
        return pdf_limits_apply(self.content, max_pages=settings.EPPID_CATALOG_MAX_PAGES)


def max_bytes() -> int:
    return settings.EPPID_CATALOG_MAX_BYTES


def _megabytes(limit: int) -> str:
    value = limit / (1024 * 1024)
    return f"{value:g}" if value >= 1 else f"{value:.2g}"


def _too_complex(label: str, max_pages: int) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s has more than %(limit)s pages or is too complex to check. Split it into smaller "
            "PDFs, or print it to a new PDF, and attach those."
        )
        % {"name": label, "limit": max_pages},
        code="pdf_too_complex",
    )


def pdf_check(upload, *, name: str = "") -> CheckedPdf:
    """The upload as a checked PDF, or ValidationError with one clear, translated reason."""
    label = name or (getattr(upload, "name", "") or "").rsplit("/", 1)[-1] or _("the file")
    limit = max_bytes()
    if hasattr(upload, "seek"):
        with contextlib.suppress(OSError, ValueError):
            upload.seek(0)
    content = bytes(upload.read(limit + 1) or b"")
    if len(content) > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB. Attach a smaller PDF.")
            % {"name": label, "limit": _megabytes(limit)},
            code="file_too_big",
        )
    if not content:
        raise ValidationError(_("%(name)s is empty.") % {"name": label}, code="file_empty")
    if content.startswith(OFFICE_MAGIC):
        raise ValidationError(
            _(
                "%(name)s is an office document. Only PDF documents are published: open it in your "
                "office program, save it as PDF, check the PDF and attach that."
            )
            % {"name": label},
            code="office_document",
        )
    if not content.startswith(PDF_MAGIC):
        raise ValidationError(
            _("%(name)s is not a PDF document (its content is not PDF, whatever its name).")
            % {"name": label},
            code="file_type",
        )
    upload_scan(content, "pdf")  # the virus scanner, when one is configured (ClamAV)
    unreadable = ValidationError(
        _("%(name)s is a damaged or incomplete PDF and cannot be read. Make the PDF again.")
        % {"name": label},
        code="pdf_unreadable",
    )
    # A complete PDF ends with %%EOF (a few trailing bytes allowed); pypdf would repair a cut one.
    if b"%%EOF" not in content[-1024:]:
        raise unreadable
    max_pages = settings.EPPID_CATALOG_MAX_PAGES
    try:
        # Under the upload limits (decoded bytes, stream lengths, page-tree entries): a page-tree
        # or stream bomb ends in LimitReachedError within bounded time and memory.
        with apply_configuration(pdf_limits(content, max_pages)):
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("%(name)s is protected with a password. Attach it without a password.")
                    % {"name": label},
                    code="pdf_encrypted",
                )
            pages = len(reader.pages)
        if pages < 1:
            raise unreadable
    except ValidationError:
        raise
    except LimitReachedError:
        raise _too_complex(label, max_pages) from None
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, OSError):
        raise unreadable from None
    if pages > max_pages:
        raise _too_complex(label, max_pages)
    return CheckedPdf(content=content, pages=pages, reader=reader)
