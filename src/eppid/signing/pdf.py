"""A small A4 document builder for what e-PPID issues (receipts, notices, responses, reports).

``pdf_render(title=..., unit_name=..., blocks=[...])`` returns the PDF bytes, unsigned; pass them
to ``eppid.signing.services.document_issue``, which signs them. The bottom of the last page is
kept free for the visible signature stamp (``STAMP_BOX``).

Blocks, in order:

- ``"text"`` or ``("paragraph", "text")``: a paragraph;
- ``("heading", "text")``: a section heading;
- ``("rows", [("Label", "value"), ...])``: a two-column key/value table;
- ``("list", ["item", ...])``: a bulleted list;
- ``("note", "text")``: small print.

Text uses the PDF core font Helvetica (no font files to ship or embed), which covers the Latin-1
range: Indonesian and English need nothing more. Typographic punctuation is mapped to its plain
form and any other character outside Latin-1 to its base letter (or ``?``), never an error.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from fpdf import FPDF

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_MM = 20
# The signature stamp: (x1, y1, x2, y2) in PDF points from the bottom-left corner of the last page.
MM = 72 / 25.4
STAMP_BOX = (round(MARGIN_MM * MM), round(14 * MM), round((PAGE_WIDTH_MM - MARGIN_MM) * MM), round(50 * MM))
_STAMP_RESERVE_MM = 56  # the stamp (50 mm from the bottom) plus a little air above it

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u20ac": "EUR",
    }
)


def pdf_text(value) -> str:
    """``value`` as text the core font can show (Latin-1), losing as little as possible."""
    text = str(value).translate(_PLAIN)
    out = []
    for char in text:
        if char in "\n\t" or (" " <= char <= "\xff" and char != "\x7f"):
            out.append(char)
            continue
        if unicodedata.category(char).startswith("C"):
            continue  # control characters: nothing to show
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(base if base and all(" " <= c <= "\xff" for c in base) else "?")
    return "".join(out)


class _Document(FPDF):
    def __init__(self, unit_name: str, title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.unit_name = pdf_text(unit_name)
        self.doc_title = pdf_text(title)
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM)
        self.set_title(self.doc_title)
        self.set_author(self.unit_name)
        self.set_creator("e-PPID Bawaslu")
        self.set_lang("id")

    def header(self):
        self.set_font("Helvetica", "B", 10)
        self.set_text_color(60, 60, 60)
        self.cell(0, 5, self.unit_name, new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 8)
        self.cell(0, 4, "PPID - e-PPID Bawaslu", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(120, 120, 120)
        self.line(MARGIN_MM, self.get_y() + 1, PAGE_WIDTH_MM - MARGIN_MM, self.get_y() + 1)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.doc_title} - {self.page_no()}/{{nb}}", align="R")


def _rows(doc: _Document, rows: Iterable) -> None:
    width = PAGE_WIDTH_MM - 2 * MARGIN_MM
    label_width = width * 0.36
    usable = PAGE_HEIGHT_MM - 2 * MARGIN_MM - 20  # below the letterhead
    for label, value in rows:
        doc.set_font("Helvetica", "", 10)
        value_lines = len(
            doc.multi_cell(width - label_width, 5.5, pdf_text(value), dry_run=True, output="LINES")
        )
        doc.set_font("Helvetica", "B", 10)
        label_lines = len(doc.multi_cell(label_width - 2, 5.5, pdf_text(label), dry_run=True, output="LINES"))
        height = 5.5 * max(label_lines, value_lines)
        y = doc.get_y()
        # A row that fits on a page is not split: its label and value start on the same page.
        if y + min(height, usable) > PAGE_HEIGHT_MM - MARGIN_MM:
            doc.add_page()
            y = doc.get_y()
        # new_y="NEXT": the label's own bottom, so a label longer than its value pushes the next row down.
        doc.multi_cell(label_width - 2, 5.5, pdf_text(label), new_x="LMARGIN", new_y="NEXT", align="L")
        label_bottom = doc.get_y()
        doc.set_font("Helvetica", "", 10)
        doc.set_xy(MARGIN_MM + label_width, y)
        doc.multi_cell(width - label_width, 5.5, pdf_text(value), new_x="LMARGIN", new_y="NEXT", align="L")
        doc.set_y(max(doc.get_y(), label_bottom) + 1.5)


def _block(doc: _Document, block) -> None:
    if isinstance(block, str):
        kind, payload = "paragraph", block
    else:
        kind, payload = block
    if kind == "heading":
        doc.ln(2)
        doc.set_font("Helvetica", "B", 12)
        doc.multi_cell(0, 6.5, pdf_text(payload), new_x="LMARGIN", new_y="NEXT")
        doc.ln(1)
    elif kind == "paragraph":
        doc.set_font("Helvetica", "", 10.5)
        doc.multi_cell(0, 5.5, pdf_text(payload), new_x="LMARGIN", new_y="NEXT", align="L")
        doc.ln(2.5)
    elif kind == "rows":
        _rows(doc, payload)
        doc.ln(1.5)
    elif kind == "list":
        doc.set_font("Helvetica", "", 10.5)
        for item in payload:
            doc.set_x(MARGIN_MM + 3)
            doc.multi_cell(0, 5.5, "- " + pdf_text(item), new_x="LMARGIN", new_y="NEXT")
        doc.ln(2)
    elif kind == "note":
        doc.set_font("Helvetica", "", 8.5)
        doc.set_text_color(70, 70, 70)
        doc.multi_cell(0, 4.5, pdf_text(payload), new_x="LMARGIN", new_y="NEXT")
        doc.set_text_color(0, 0, 0)
        doc.ln(2)
    else:
        raise ValueError(f"unknown block kind {kind!r}")


def pdf_render(*, title: str, unit_name: str, blocks: list) -> bytes:
    """An unsigned A4 PDF: the unit's letterhead, ``title``, the blocks, and room for the stamp."""
    doc = _Document(unit_name, title)
    doc.add_page()
    doc.set_font("Helvetica", "B", 15)
    doc.multi_cell(0, 8, doc.doc_title, new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    for block in blocks:
        _block(doc, block)
    if doc.get_y() > PAGE_HEIGHT_MM - _STAMP_RESERVE_MM:
        doc.add_page()
    return bytes(doc.output())
