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

Text prints as stored (after the text rule, NFC): Noto Sans for Latin, Greek and Cyrillic, and
the fallback fonts of ``pdf_fonts`` for every other script people write in; a character no font
has prints as its code point ``[U+XXXX]`` (decision 1231). The fonts are embedded as subsets.
"""

from __future__ import annotations

from collections.abc import Iterable

from fpdf import FPDF
from fpdf.output import OutputProducer

from eppid.signing.pdf_fonts import MAIN, FontPlan, TextPrinter, font_add
from eppid.signing.pdf_lines import Line, plain, print_lines, text_lines, wrapped
from eppid.signing.pdf_subsets import fonts_fresh_for_output

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_MM = 20
# The signature stamp: (x1, y1, x2, y2) in PDF points from the bottom-left corner of the last page.
MM = 72 / 25.4
STAMP_BOX = (round(MARGIN_MM * MM), round(14 * MM), round((PAGE_WIDTH_MM - MARGIN_MM) * MM), round(50 * MM))
_STAMP_RESERVE_MM = 56  # the stamp (50 mm from the bottom) plus a little air above it
FONT = MAIN.family


class _Output(OutputProducer):
    """fpdf2's writer, made once every page is drawn (the last footer too): each font is cut
    down to the document's glyphs first (``pdf_fonts.fonts_fresh_for_output``)."""

    def __init__(self, fpdf: FPDF):
        fonts_fresh_for_output(fpdf)
        super().__init__(fpdf)


class _Document(FPDF):
    def __init__(self, unit_name: str, title: str, fonts: FontPlan):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.unit_name = unit_name
        self.doc_title = title
        font_add(self, FONT, "", MAIN.regular)
        font_add(self, FONT, "B", MAIN.bold)
        for face in fonts.fallbacks:
            font_add(self, face.family, "", face.regular)
            if face.bold:
                font_add(self, face.family, "B", face.bold)
        if fonts.fallbacks:
            # exact_match=False: bold text of a script with a regular face only prints regular.
            self.set_fallback_fonts([face.family for face in fonts.fallbacks], exact_match=False)
        self._shaped = fonts.shaped
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM)
        self.set_title(self.doc_title)
        self.set_author(self.unit_name)
        self.set_creator("e-PPID Bawaslu")
        self.set_lang("id")

    def shape_for(self, text: str) -> str:
        """Shaping (HarfBuzz, bidi) on for a text that needs it, off otherwise; returns ``text``."""
        wanted = text in self._shaped
        if wanted != bool(self.text_shaping):
            self.set_text_shaping(wanted)
        return text

    def header(self):
        self.set_font(FONT, "B", 10)
        self.set_text_color(60, 60, 60)
        self.cell(0, 5, self.shape_for(self.unit_name), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8)
        self.cell(0, 4, self.shape_for("PPID - e-PPID Bawaslu"), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(120, 120, 120)
        self.line(MARGIN_MM, self.get_y() + 1, PAGE_WIDTH_MM - MARGIN_MM, self.get_y() + 1)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.shape_for(self.doc_title)
        self.cell(0, 5, f"{self.doc_title} - {self.page_no()}/{{nb}}", align="R")


def _lines(doc: _Document, width: float, text: str):
    """``text`` broken into the lines ``multi_cell`` would print at ``width`` in the current font
    (kept per process for a text without shaping: ``pdf_lines``)."""
    text = doc.shape_for(text)
    if plain(doc, text):
        return text_lines(doc, width, text, "L")
    return doc.multi_cell(width, 5.5, text, dry_run=True, output="LINES")


def _print_lines(doc: _Document, x: float, width: float, text: str, lines) -> None:
    """Print ``lines`` (from ``_lines``) one under the other from ``x``, left-aligned, as
    ``multi_cell`` would, without breaking the text into lines a second time."""
    doc.shape_for(text)
    if lines and isinstance(lines[0], Line):
        print_lines(doc, x, width, 5.5, lines, align="L")
        return
    for line in lines:
        doc.set_x(x)
        doc.cell(width, 5.5, line, new_x="LMARGIN", new_y="NEXT", align="L")


def _rows(doc: _Document, rows: Iterable) -> None:
    width = PAGE_WIDTH_MM - 2 * MARGIN_MM
    label_width = width * 0.36
    usable = PAGE_HEIGHT_MM - 2 * MARGIN_MM - 20  # below the letterhead
    for label, value in rows:
        # Each text is broken into lines once (the lines give the row's height) and printed as such.
        doc.set_font(FONT, "", 10)
        value_lines = _lines(doc, width - label_width, value)
        doc.set_font(FONT, "B", 10)
        label_lines = _lines(doc, label_width - 2, label)
        height = 5.5 * max(len(label_lines), len(value_lines))
        y = doc.get_y()
        # A row that fits on a page is not split: its label and value start on the same page.
        if y + min(height, usable) > PAGE_HEIGHT_MM - MARGIN_MM:
            doc.add_page()
            y = doc.get_y()
        # The label's own bottom counts, so a label longer than its value pushes the next row down.
        _print_lines(doc, MARGIN_MM, label_width - 2, label, label_lines)
        label_bottom = doc.get_y()
        doc.set_font(FONT, "", 10)
        doc.set_y(y)
        _print_lines(doc, MARGIN_MM + label_width, width - label_width, value, value_lines)
        doc.set_y(max(doc.get_y(), label_bottom) + 1.5)


def _block(doc: _Document, block) -> None:
    kind, payload = block
    if kind == "heading":
        doc.ln(2)
        doc.set_font(FONT, "B", 12)
        wrapped(doc, 6.5, doc.shape_for(payload))
        doc.ln(1)
    elif kind == "paragraph":
        doc.set_font(FONT, "", 10.5)
        wrapped(doc, 5.5, doc.shape_for(payload), align="L")
        doc.ln(2.5)
    elif kind == "rows":
        _rows(doc, payload)
        doc.ln(1.5)
    elif kind == "list":
        doc.set_font(FONT, "", 10.5)
        for item in payload:
            doc.set_x(MARGIN_MM + 3)
            wrapped(doc, 5.5, "- " + doc.shape_for(item))
        doc.ln(2)
    elif kind == "link":  # (text, url): printed in blue and clickable
        text, url = payload
        doc.set_font(FONT, "", 9)
        doc.set_text_color(20, 60, 160)
        doc.set_x(MARGIN_MM + 3)
        wrapped(doc, 4.8, doc.shape_for(text), link=url)
        doc.set_text_color(0, 0, 0)
        doc.ln(1)
    elif kind == "note":
        doc.set_font(FONT, "", 8.5)
        doc.set_text_color(70, 70, 70)
        wrapped(doc, 4.5, doc.shape_for(payload))
        doc.set_text_color(0, 0, 0)
        doc.ln(2)


def _prepared(printer: TextPrinter, block):
    """``block`` with every text as the document prints it (so the fonts it needs are known)."""
    kind, payload = ("paragraph", block) if isinstance(block, str) else block
    if kind in ("heading", "paragraph", "note"):
        return kind, printer.text(payload)
    if kind == "rows":
        return kind, [(printer.text(label), printer.text(value)) for label, value in payload]
    if kind == "list":
        return kind, [printer.text(item) for item in payload]
    if kind == "link":
        return kind, (printer.text(payload[0]), payload[1])
    raise ValueError(f"unknown block kind {kind!r}")


def pdf_render(*, title: str, unit_name: str, blocks: list) -> bytes:
    """An unsigned A4 PDF: the unit's letterhead, ``title``, the blocks, and room for the stamp."""
    printer = TextPrinter()
    title, unit_name = printer.text(title), printer.text(unit_name)
    prepared = [_prepared(printer, block) for block in blocks]
    doc = _Document(unit_name, title, printer.plan())
    doc.add_page()
    doc.set_font(FONT, "B", 15)
    wrapped(doc, 8, doc.shape_for(doc.doc_title))
    doc.ln(3)
    for block in prepared:
        _block(doc, block)
    if doc.get_y() > PAGE_HEIGHT_MM - _STAMP_RESERVE_MM:
        doc.add_page()
    return bytes(doc.output(output_producer_class=_Output))
