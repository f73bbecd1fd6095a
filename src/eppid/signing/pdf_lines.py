"""Text broken into lines once per process: what ``FPDF.multi_cell`` prints, without its cost.

fpdf2 breaks a text into lines by adding one character at a time and measuring the whole line
again after each (quadratic in the line's length): about half of a receipt's CPU time went there,
for paragraphs, headings and labels that are the same on every receipt. The lines of a text only
depend on the font (family, style, size: the parsed font is shared by every document of the
process), the document's fallback fonts, the width and the alignment, so they are kept here (LRU)
and each document prints them as ``multi_cell`` would, line by line (decision 1540).

Texts that need shaping (HarfBuzz, right-to-left runs) or hold a soft hyphen or a form feed still
go through ``multi_cell`` itself: their lines are not plain strings.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.line_break import Fragment, MultiLineBreak, TextLine
from fpdf.util import Padding

LINES_CACHE_SIZE = 4096  # a receipt has about 40 texts, of which 8 or so differ between receipts
_NO_PADDING = Padding(0, 0, 0, 0)


@dataclass(frozen=True)
class Line:
    runs: tuple[tuple[str, str], ...]  # (characters, font key) of each of fpdf2's fragments
    width: float
    spaces: int
    align: Align
    trailing_nl: bool

    @property
    def text(self) -> str:
        return "".join(chars for chars, _font in self.runs)


_lines: OrderedDict[tuple, tuple[Line, ...]] = OrderedDict()
_lock = threading.Lock()


def _key(doc: FPDF, width: float, align: Align, text: str) -> tuple:
    return (
        doc.font_family,
        doc.font_style,
        doc.font_size_pt,
        doc.char_spacing,
        doc.font_stretching,
        tuple(doc._fallback_font_ids),  # noqa: SLF001 - fpdf2 keeps them there (set_fallback_fonts)
        doc._fallback_font_exact_match,  # noqa: SLF001
        round(width, 6),
        doc.c_margin,
        align,
        text,
    )


class _Measured(Fragment):
    """A fragment that remembers the width of the characters it had when last measured.

    fpdf2's line breaker adds one character at a time to the line's last fragment and measures the
    whole line after each (quadratic in its length); this adds only the new characters' widths, in
    the same order, so the sum is the same number. Anything else is measured by fpdf2 itself."""

    _memo: tuple[list, int, float] | None = None

    def get_width(self, start=0, end=None, chars=None, initial_cs=True) -> float:
        font = self.font
        plain = (
            chars is None
            and start == 0
            and end is None
            and isinstance(font, TTFFont)
            and not font.is_symbol
            and not self.text_shaping_parameters
            and self.char_spacing == 0
            and self.font_stretching == 100
        )
        if not plain:
            return super().get_width(start, end, chars, initial_cs)
        characters = self.characters
        count, units = 0, 0
        if self._memo is not None and self._memo[0] is characters and self._memo[1] <= len(characters):
            _list, count, units = self._memo
        widths = font.cw
        for char in characters[count:]:
            units += widths[ord(char)]
        self._memo = (characters, len(characters), units)
        size = self.font_size_pt
        if size > font.biggest_size_pt:
            font.biggest_size_pt = size
        return units * size * 0.001 / self.k


def _broken(doc: FPDF, width: float, align: Align, text: str) -> tuple[Line, ...]:
    """``text``'s lines at ``width`` in the document's current font, as ``multi_cell`` breaks them."""
    preloaded = doc._preload_font_styles(text, False)  # noqa: SLF001 - what multi_cell breaks
    fragments = [_Measured(f.characters, f.graphics_state, f.k, f.link) for f in preloaded]
    breaker = MultiLineBreak(
        fragments, width, [doc.c_margin, doc.c_margin], align=align, print_sh=False, wrapmode=WrapMode.WORD
    )
    lines = []
    while (line := breaker.get_line()) is not None:
        runs = tuple(("".join(fragment.characters), fragment.font.fontkey) for fragment in line.fragments)
        lines.append(Line(runs, line.text_width, line.number_of_spaces, line.align, line.trailing_nl))
    return tuple(lines) or (Line((), 0, 0, align, False),)


def _fragments(doc: FPDF, line: Line) -> list[Fragment]:
    """The fragments of ``line`` in this document: fpdf2's own, character for character and font for
    font (an empty one included: it sets the font back after a fallback)."""
    out = []
    for chars, fontkey in line.runs:
        state = doc._get_current_graphics_state()  # noqa: SLF001 - as fpdf2 makes its fragments
        if fontkey != doc.current_font.fontkey:  # a fallback font, as FPDF._parse_chars sets it
            state.font_family = fontkey.replace("B", "").replace("I", "")
            state.font_style = "".join(c for c in fontkey if c in "BI")
            state.current_font = doc.fonts[fontkey]
        out.append(Fragment(list(chars), state, doc.k))
    return out


def text_lines(doc: FPDF, width: float, text: str, align: str | Align = Align.J) -> tuple[Line, ...]:
    """The lines ``doc.multi_cell(width, ..., text, align=align)`` prints, kept per process."""
    align = Align.coerce(align)
    text = doc.normalize_text(text).replace("\r", "")
    key = _key(doc, width, align, text)
    with _lock:
        found = _lines.get(key)
        if found is not None:
            _lines.move_to_end(key)
            return found
    found = _broken(doc, width, align, text)
    with _lock:
        _lines[key] = found
        while len(_lines) > LINES_CACHE_SIZE:
            _lines.popitem(last=False)
    return found


def plain(doc: FPDF, text: str) -> bool:
    """Whether ``text``'s lines are plain runs of characters (no shaping, no soft hyphen, no form
    feed, no page-count alias)."""
    alias = doc.str_alias_nb_pages
    return not doc.text_shaping and "\xad" not in text and "\f" not in text and not (alias and alias in text)


def print_lines(doc: FPDF, x: float, width: float, h: float, lines, *, link=None, align=None) -> None:
    """Print ``lines`` from ``x``, one under the other, as ``multi_cell(..., new_x="LMARGIN",
    new_y="NEXT")`` does; ``align`` overrides each line's own alignment."""
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        doc.set_x(x)
        text_line = TextLine(
            _fragments(doc, line),
            text_width=line.width,
            number_of_spaces=line.spaces,
            align=line.align if align is None else Align.coerce(align),
            height=h,
            max_width=width,
            trailing_nl=line.trailing_nl,
        )
        doc._render_styled_text_line(  # noqa: SLF001 - multi_cell's own line printer
            text_line,
            h=h,
            new_x=XPos.LMARGIN if last else XPos.LEFT,
            new_y=YPos.NEXT,
            border=0,
            fill=False,
            link=link,
            padding=_NO_PADDING,
        )
    if lines and lines[-1].trailing_nl:
        doc.ln()  # as multi_cell: its line printer cannot end on a line break


def wrapped(doc: FPDF, h: float, text: str, *, align: str | Align = Align.J, link=None) -> None:
    """``doc.multi_cell(0, h, text, align=align, new_x="LMARGIN", new_y="NEXT", link=link)``,
    with the lines broken once per process."""
    if not plain(doc, text):
        doc.multi_cell(0, h, text, align=align, new_x="LMARGIN", new_y="NEXT", link=link)
        return
    x = doc.x
    width = doc.w - doc.r_margin - x
    print_lines(doc, x, width, h, text_lines(doc, width, text, align), link=link)
