"""Which font prints which character in the documents e-PPID issues, and what prints when none can.

The fonts are vendored in ``signing/fonts/`` with their licences (decision 1231): Noto Sans for
Latin, Greek and Cyrillic (regular and bold, the documents' own face); fallbacks for the scripts
people in Indonesia write names, addresses and notes in: Noto Naskh Arabic (Arabic, Jawi, Pegon),
Noto Sans Javanese, Balinese, Sundanese, Buginese and Batak, Droid Sans Fallback (Chinese and
Japanese), and DejaVu Sans for symbols (arrows, maths, check marks). A document loads only the
fallbacks its text needs, and turns on text shaping (HarfBuzz: Arabic joining, right-to-left
order, the Javanese and Balinese clusters) only for the texts with a character that needs it, so
a receipt in Latin letters takes fpdf2's plain path.

A character no font has is never dropped and never an error: it prints as ``[U+XXXX]``, its code
point, visible and exact. Control characters, lone surrogates and bidi controls (which the text
rule refuses on input, but older rows may hold) print the same way.
"""

from __future__ import annotations

import copy
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REPLACEMENT = "[U+{:04X}]"


@dataclass(frozen=True)
class Face:
    family: str
    regular: str
    bold: str | None = None  # None: bold text of this script prints in the regular face
    shaped: bool = False  # the script needs shaping (joining, reordering, clusters)


MAIN = Face("noto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
# In order of preference: a character goes to the first face that has it.
FALLBACKS = (
    Face("arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", shaped=True),
    Face("javanese", "NotoSansJavanese-Regular.ttf", shaped=True),
    Face("balinese", "NotoSansBalinese-Regular.ttf", shaped=True),
    Face("sundanese", "NotoSansSundanese-Regular.ttf", shaped=True),
    Face("buginese", "NotoSansBuginese-Regular.ttf", shaped=True),
    Face("batak", "NotoSansBatak-Regular.ttf", shaped=True),
    Face("cjk", "DroidSansFallbackFull.ttf"),
    Face("symbols", "DejaVuSans.ttf"),
)
# Never printed as themselves: they would reorder or hide text (the text rule refuses them).
_REFUSED = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def font_path(name: str) -> Path:
    return FONT_DIR / name


@cache
def coverage(name: str) -> frozenset[int]:
    """The code points a font file has a glyph for (read once per process)."""
    font = TTFont(font_path(name), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def _face_for(code: int) -> Face | None:
    if code in coverage(MAIN.regular):
        return MAIN
    return next((face for face in FALLBACKS if code in coverage(face.regular)), None)


def _needs_shaping(char: str, face: Face) -> bool:
    return (
        face.shaped
        or unicodedata.bidirectional(char) in {"R", "AL", "AN"}
        or unicodedata.category(char).startswith("M")
    )


@dataclass
class FontPlan:
    """What a document needs: its fallback faces, and the texts to shape (none: no shaping)."""

    fallbacks: list[Face]
    shaped: frozenset[str]


def _invisible_format(char: str) -> bool:
    # Joiners, marks and selectors no font we ship draws: there is nothing to see, so nothing is lost.
    code = ord(char)
    return unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _char_text(char: str, used: dict[str, Face], shaping: list[bool]) -> str:
    if char == "\n":
        return char
    if char == "\t":
        return "    "
    code = ord(char)
    if unicodedata.category(char) in {"Cc", "Cs"} or char in _REFUSED:
        return REPLACEMENT.format(code)
    face = _face_for(code)
    if face is None:
        return "" if _invisible_format(char) else REPLACEMENT.format(code)
    if face is not MAIN:
        used[face.family] = face
    if not shaping[0] and _needs_shaping(char, face):
        shaping[0] = True
    return char


@lru_cache(maxsize=2048)
def _printed(value: str) -> tuple[str, tuple[Face, ...], bool]:
    """``value`` as printed, the fallback faces it needs, and whether it needs shaping (kept per
    process: most texts of a document are the same on every copy)."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    used: dict[str, Face] = {}
    shaping = [False]
    out = "".join(_char_text(char, used, shaping) for char in text)
    return out, tuple(used.values()), shaping[0]


class TextPrinter:
    """Prepares every text of one document and remembers which fonts the document needs."""

    def __init__(self):
        self._used: dict[str, Face] = {}
        self._shaped: set[str] = set()

    def text(self, value) -> str:
        """``value`` as the document prints it: NFC, line breaks as LF, replacements visible."""
        out, faces, shaped = _printed(str(value))
        for face in faces:
            self._used[face.family] = face
        if shaped:
            self._shaped.add(out)
        return out

    def plan(self) -> FontPlan:
        order = [face.family for face in FALLBACKS]
        fallbacks = sorted(self._used.values(), key=lambda face: order.index(face.family))
        return FontPlan(fallbacks, frozenset(self._shaped))


# Parsing a font (widths of every glyph, its tables) is most of what adding it costs: each font
# file is parsed once per process and every document gets a light copy that shares the parsed,
# read-only parts and has its own subset. fpdf2 subsets a font by changing its fontTools object,
# so ``pdf_subsets.fonts_fresh_for_output`` gives each copy its own before the document is written.
_parsed: dict[tuple[str, str], TTFFont] = {}
_parsing = threading.Lock()
# The letters, digits and punctuation of names, numbers, dates and addresses in ASCII.
_PRESET = tuple(map(ord, " ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,-/():;'\"&@"))


def _parsed_font(name: str, style: str) -> TTFFont:
    key = (name, style)
    with _parsing:
        font = _parsed.get(key)
        if font is None:
            holder = FPDF()
            holder.add_font("f", style, font_path(name))
            font = holder.fonts[f"f{style}"]
            font.ttfont.getGlyphOrder()  # loaded now, not lazily by two threads at once
            _parsed[key] = font
    return font


def font_add(doc: FPDF, family: str, style: str, name: str) -> None:
    """``doc.add_font(family, style, <fonts>/name)``, from the parsed font of this process."""
    fontkey = f"{family.lower()}{style}"
    font = copy.copy(_parsed_font(name, style))
    font.i = len(doc.fonts) + 1
    font.fontkey = fontkey
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None  # HarfBuzz's font object is set to each size in use: one per document
    if family == MAIN.family and style == "":
        # The regular face prints what differs between documents (names, numbers, free text):
        # with the ASCII letters, digits and usual punctuation always in it, two documents in
        # ASCII letters use the same glyphs and share one embedded font (``pdf_subsets``), for a
        # few glyphs more than one prints. The bold face prints headings and labels: the same
        # glyphs every time already.
        for code in _PRESET:
            font.subset.pick(code)
    doc.fonts[fontkey] = font


def latin1_text(value) -> str:
    """``value`` for the signature stamp, whose PDF standard font has Latin-1 only: accents kept
    where Latin-1 has them, other letters as their base letter, anything else as ``[U+XXXX]``."""
    out = []
    for char in unicodedata.normalize("NFC", str(value)):
        if char in "\n\t" or (" " <= char <= "\xff" and not "\x7f" <= char <= "\x9f"):
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        usable = base and all(" " <= c <= "\xff" and not "\x7f" <= c <= "\x9f" for c in base)
        out.append(base if usable else REPLACEMENT.format(ord(char)))
    return "".join(out)
