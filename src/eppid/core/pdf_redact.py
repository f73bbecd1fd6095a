"""Redaction that removes content from a PDF (PyMuPDF; docs/decisions/1350-redaction-pymupdf.md).

Usage::

    from eppid.core.pdf_redact import Area, pdf_redact, areas_parse, terms_parse

    result = pdf_redact(content, areas=[Area(page=1, left=20, top=30, right=120, bottom=45)],
                        terms=["Budi Santoso", "3201010101010001"])
    result.content        # the new PDF: nothing of what was under the areas or the words is in it
    result.area_count, result.term_count, result.match_count, result.pages_changed

Areas are in millimetres from the top-left corner of the page as it is shown (rotation applied),
so that staff can measure them on screen or on a printout without JavaScript. Every occurrence of
a term (case-insensitive) on every page is removed with the area around it. Text under an area
is deleted from the content stream, image pixels under it are blanked, vector graphics under it
are removed, and a black box is drawn where the content was. Then the document is scrubbed
(metadata, XMP, bookmarks, links, annotations, form fields, attachments, JavaScript, thumbnails)
and written whole, without the previous revisions, unused objects collected.

The result is checked before it is returned: a term still found in the text of the new file
refuses the whole redaction (``ValidationError``, code ``redaction_incomplete``) rather than
giving out a copy that leaks. Bad input raises ``ValidationError`` with one translated message
and a stable code: ``pdf_unreadable``, ``redaction_empty``, ``page_out_of_range``,
``area_invalid``, ``area_outside_page``, ``term_too_short``, ``term_not_found``.

The caller has inspected the bytes first (``eppid.core.uploads.upload_inspect``): a PDF, within
the size, page and object limits. This module knows no domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pymupdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MM = 72 / 25.4  # PDF points in one millimetre
TERM_MIN_CHARS = 2
TERMS_MAX = 50
AREAS_MAX = 200
TERM_MAX_CHARS = 200
_SPACES = re.compile(r"\s+")
# A damaged upload is bad input answered with a message, not an error on the server's console.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass(frozen=True)
class Area:
    """A rectangle on one page (1-based), in millimetres from the page's top-left corner."""

    page: int
    left: float
    top: float
    right: float
    bottom: float


@dataclass
class RedactionResult:
    content: bytes
    pages: int
    area_count: int
    term_count: int
    match_count: int
    pages_changed: list[int] = field(default_factory=list)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def areas_parse(text: str) -> list[Area]:
    """Areas from lines "page left top right bottom" (millimetres; spaces, or ``;`` between numbers,
    a decimal comma or point). Blank lines are skipped; a bad line raises ValidationError naming it."""
    areas: list[Area] = []
    for number, raw in enumerate(str(text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [part for part in re.split(r"[\s;]+", line) if part]
        try:
            if len(parts) != 5:
                raise ValueError
            page = int(parts[0])
            left, top, right, bottom = (_number(part) for part in parts[1:])
        except ValueError:
            raise ValidationError(
                _(
                    "Line %(line)d: write the page number and four measurements in millimetres, "
                    'e.g. "2 20 35 120 45" (page 2, left 20, top 35, right 120, bottom 45).'
                )
                % {"line": number},
                code="area_invalid",
            ) from None
        areas.append(Area(page=page, left=left, top=top, right=right, bottom=bottom))
    if len(areas) > AREAS_MAX:
        raise ValidationError(
            _("Mark at most %(count)d areas at once.") % {"count": AREAS_MAX}, code="area_invalid"
        )
    return areas


def terms_parse(text: str) -> list[str]:
    """Words or phrases to remove, one a line (spaces inside a line are one space)."""
    terms: list[str] = []
    for raw in str(text or "").splitlines():
        term = _SPACES.sub(" ", raw).strip()
        if not term:
            continue
        if sum(char.isalnum() for char in term) < TERM_MIN_CHARS or len(term) > TERM_MAX_CHARS:
            raise ValidationError(
                _('"%(term)s": a word or phrase to remove needs %(min)d to %(max)d characters.')
                % {"term": term[:40], "min": TERM_MIN_CHARS, "max": TERM_MAX_CHARS},
                code="term_too_short",
            )
        if term.casefold() not in {known.casefold() for known in terms}:
            terms.append(term)
    if len(terms) > TERMS_MAX:
        raise ValidationError(
            _("Give at most %(count)d words or phrases at once.") % {"count": TERMS_MAX},
            code="term_too_short",
        )
    return terms


def _open(content: bytes):
    try:
        doc = pymupdf.open(stream=content, filetype="pdf")
    except Exception:  # noqa: BLE001 - whatever MuPDF says, for the user it is one thing
        raise _unreadable() from None
    if doc.needs_pass or doc.page_count < 1:
        doc.close()
        raise _unreadable()
    return doc


def _mm(value: float) -> str:
    return f"{value / MM:.0f}"


def _area_rect(doc, area: Area):
    if area.page < 1 or area.page > doc.page_count:
        raise ValidationError(
            _("Page %(page)d does not exist: the document has %(count)d pages.")
            % {"page": area.page, "count": doc.page_count},
            code="page_out_of_range",
        )
    page = doc[area.page - 1]
    if not (area.left < area.right and area.top < area.bottom):
        raise ValidationError(
            _("Page %(page)d: the left edge must be before the right one, and the top above the bottom.")
            % {"page": area.page},
            code="area_invalid",
        )
    width, height = page.rect.width, page.rect.height
    tolerance = 0.5  # half a millimetre: a rounded measurement of the page's edge is still inside
    if (
        area.left < 0
        or area.top < 0
        or area.right > width / MM + tolerance
        or area.bottom > height / MM + tolerance
    ):
        raise ValidationError(
            _(
                "Page %(page)d: the area lies outside the page, which is %(width)s mm wide and "
                "%(height)s mm high."
            )
            % {"page": area.page, "width": _mm(width), "height": _mm(height)},
            code="area_outside_page",
        )
    shown = pymupdf.Rect(area.left * MM, area.top * MM, area.right * MM, area.bottom * MM) & page.rect
    # Redaction annotations live in the unrotated page space; staff measure the page as shown.
    return page, shown * page.derotation_matrix


def page_sizes_mm(content: bytes) -> list[tuple[int, int]]:
    """(width, height) in millimetres of each page as shown, for the form that asks for areas."""
    try:
        doc = _open(content)
        try:
            return [(round(page.rect.width / MM), round(page.rect.height / MM)) for page in doc]
        finally:
            doc.close()
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - see pdf_redact
        raise _unreadable() from None


def _text_of(doc) -> str:
    return _SPACES.sub(" ", " ".join(page.get_text() for page in doc)).casefold()


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The document is a damaged PDF and cannot be redacted. Make the PDF again."),
        code="pdf_unreadable",
    )


def pdf_redact(content: bytes, *, areas=(), terms=()) -> RedactionResult:
    """A new PDF without the content under ``areas`` and without every occurrence of ``terms``."""
    areas = list(areas)
    terms = list(terms)
    if not areas and not terms:
        raise ValidationError(
            _("Mark at least one area or give at least one word to remove."), code="redaction_empty"
        )
    try:
        return _redact(content, areas, terms)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - MuPDF failing on a damaged file is bad input, never a 500
        raise _unreadable() from None


def _without_unused_objects(doc):
    """``doc`` written out again without the objects nothing refers to. A signed PDF's incremental
    update may leave an object number without an entry (pyHanko does, on our own notices); MuPDF's
    scrub stops at it. The redacted copy is a new file anyway."""
    try:
        content = doc.tobytes(garbage=1)
    finally:
        doc.close()
    return _open(content)


def _redact(content: bytes, areas: list[Area], terms: list[str]) -> RedactionResult:
    doc = _without_unused_objects(_open(content))
    try:
        marked: dict[int, object] = {}
        for area in areas:
            page, rect = _area_rect(doc, area)
            page.add_redact_annot(rect, fill=(0, 0, 0))
            marked[page.number] = page
        match_count = 0
        missing: list[str] = []
        for term in terms:
            found = 0
            for page in doc:
                for quad in page.search_for(term, quads=True):
                    page.add_redact_annot(quad, fill=(0, 0, 0))
                    marked[page.number] = page
                    found += 1
            if not found:
                missing.append(term)
            match_count += found
        if missing:
            raise ValidationError(
                _(
                    "Not found in the document's text: %(terms)s. Nothing was redacted. Check the "
                    "spelling, or mark the area by page and position (a scanned page has no text)."
                )
                % {"terms": ", ".join(f'"{term}"' for term in missing)},
                code="term_not_found",
            )
        for page in marked.values():
            page.apply_redactions(
                images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
            )
        for page in doc:
            for annot in list(page.annots() or ()):
                page.delete_annot(annot)
            for widget in list(page.widgets() or ()):
                page.delete_widget(widget)
        doc.scrub()
        doc.set_toc([])
        result = doc.tobytes(garbage=4, deflate=True, clean=True, no_new_id=False)
        pages = doc.page_count
        changed = sorted(number + 1 for number in marked)
    finally:
        doc.close()
    check = _open(result)
    try:
        text = _text_of(check)
    finally:
        check.close()
    leaked = [term for term in terms if _SPACES.sub(" ", term).casefold() in text]
    if leaked:
        raise ValidationError(
            _(
                "The redaction could not remove every occurrence of %(terms)s, so no copy was made. "
                "Mark those places as areas instead."
            )
            % {"terms": ", ".join(f'"{term}"' for term in leaked)},
            code="redaction_incomplete",
        )
    return RedactionResult(
        content=result,
        pages=pages,
        area_count=len(areas),
        term_count=len(terms),
        match_count=match_count,
        pages_changed=changed,
    )
