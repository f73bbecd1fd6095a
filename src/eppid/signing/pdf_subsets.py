"""The embedded fonts of a document: cut down to its glyphs, and kept per process by glyph set.

fpdf2 writes each font of a document by subsetting its fontTools object to the glyphs the
document uses (fontTools' ``Subsetter``) and saving it: about a third of a receipt's layout time,
and the same result for every document with the same glyphs. Here:

1. The font is first cut down (once per process and set of glyphs, LRU) to the glyphs used plus
   the common Latin ones, so the full font (3,000+ glyphs) is never subset per document.
2. fpdf2 is handed, instead of a fontTools object, an ``Embedded`` font that stands for the
   final subset: the first document with a given set of glyphs subsets the cut-down font with
   fpdf2's own options and keeps the bytes and glyph ids; later ones reuse them (LRU). The main
   face always holds printable ASCII under fixed codes (``pdf_fonts.font_add``), so documents in
   ASCII letters share one entry.

fpdf2 calls ``fontTools.subset.Subsetter`` through its module ``fpdf.output``; ``install`` puts
there a ``Subsetter`` that subsets an ``Embedded`` font through the cache and any other font
exactly as fontTools does (decision 1540).
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

import fpdf.output
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import TTFFont

_DROPPED_BEFORE_SUBSET = ("GSUB", "GPOS", "GDEF", "kern", "hdmx", "DSIG", "FFTM", "meta")
CUT_CACHE_SIZE = 256  # cut-down fonts of a few kilobytes each
EMBEDDED_CACHE_SIZE = 256  # final subsets, a few kilobytes each
_cut: OrderedDict[tuple[str, frozenset[str]], bytes] = OrderedDict()
_embedded: OrderedDict[tuple[str, frozenset[str]], tuple[bytes, dict[str, int]]] = OrderedDict()
_lock = threading.Lock()

# Cut down to at least the letters of Indonesian and English text (Latin-1, Latin Extended-A and
# the usual punctuation), so a document in Latin letters always finds its cut-down font kept.
_COMMON = (*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027), 0x20AC)
_common: dict[str, frozenset[str]] = {}


def _kept(cache: OrderedDict, key, size: int, make):
    with _lock:
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            return found
    found = make()
    with _lock:
        cache[key] = found
        while len(cache) > size:
            cache.popitem(last=False)
    return found


def _common_glyphs(font: TTFFont) -> frozenset[str]:
    path = str(font.ttffile)
    if path not in _common:
        _common[path] = frozenset(font.cmap[code] for code in _COMMON if code in font.cmap)
    return _common[path]


def _cut_bytes(font: TTFFont, parsed: TTFont, glyph_names: frozenset[str]) -> bytes:
    """The font file cut down to ``glyph_names`` (names kept, so fpdf2 finds its glyphs in it);
    ``parsed``: the font file as parsed once per process."""

    def make() -> bytes:
        fresh = TTFont(font.ttffile, recalcTimestamp=False, lazy=True)
        # The glyph names as parsed once (a font without names in its "post" table, like Droid
        # Sans Fallback, would have them rebuilt from its cmap every time).
        fresh.setGlyphOrder(list(parsed.getGlyphOrder()))
        for tag in _DROPPED_BEFORE_SUBSET:  # fpdf2 drops them from the subset anyway
            if tag in fresh:
                del fresh[tag]
        # No hinting: PDF viewers scale outlines themselves, and the subset is smaller and quicker.
        options = subset.Options(
            notdef_outline=True, recommended_glyphs=True, glyph_names=True, hinting=False
        )
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=sorted(glyph_names))
        subsetter.subset(fresh)
        out = io.BytesIO()
        fresh.save(out)
        return out.getvalue()

    return _kept(_cut, (str(font.ttffile), glyph_names), CUT_CACHE_SIZE, make)


class Embedded:
    """What fpdf2's font writer uses of a subset fontTools object (``getGlyphID``, ``save``, ``in``),
    for the subset of one font to a set of glyphs, made once per set (``Subsetter`` below)."""

    def __init__(self, font: TTFFont):
        self._font = font
        self._parsed = font.ttfont  # the process's parsed font, never changed
        self._data: bytes | None = None
        self._ids: dict[str, int] = {}

    def subset_to(self, options, glyphs) -> None:
        names = frozenset(glyphs)
        cut = _cut_bytes(self._font, self._parsed, names | _common_glyphs(self._font))

        def make() -> tuple[bytes, dict[str, int]]:
            # The bounding boxes are the original glyphs' (kept by the cut): not recomputed.
            ttfont = TTFont(io.BytesIO(cut), recalcTimestamp=False, recalcBBoxes=False)
            subsetter = subset.Subsetter(options)
            subsetter.populate(glyphs=sorted(names))
            subsetter.subset(ttfont)
            out = io.BytesIO()
            ttfont.save(out)
            return out.getvalue(), {name: ttfont.getGlyphID(name) for name in names}

        self._data, self._ids = _kept(_embedded, (str(self._font.ttffile), names), EMBEDDED_CACHE_SIZE, make)

    def getGlyphID(self, glyph_name: str) -> int:  # noqa: N802 - fontTools' name
        return self._ids[glyph_name]

    def save(self, file) -> None:
        if self._data is None:
            raise RuntimeError("font written before it was subset")
        file.write(self._data)

    def __contains__(self, tag: str) -> bool:
        return False  # no CFF table: every font we ship is TrueType

    def close(self) -> None:
        """Nothing to close: the bytes are kept, the parsed font is the process's."""


class Subsetter:
    """``fontTools.subset.Subsetter`` for fpdf2's writer: an ``Embedded`` font through the cache,
    any other font by fontTools itself."""

    def __init__(self, options=None):
        self._options = options
        self._populated: dict = {}

    def populate(self, **kwargs) -> None:
        self._populated = kwargs

    def subset(self, font) -> None:
        if isinstance(font, Embedded) and set(self._populated) == {"glyphs"}:
            font.subset_to(self._options, self._populated["glyphs"])
            return
        real = subset.Subsetter(self._options)
        real.populate(**self._populated)
        real.subset(font)


class _SubsetModule:
    """``fontTools.subset`` as ``fpdf.output`` sees it, with the ``Subsetter`` above."""

    Options = subset.Options
    Subsetter = Subsetter

    def __getattr__(self, name):
        return getattr(subset, name)


def install() -> None:
    fpdf.output.ftsubset = _SubsetModule()


def fonts_fresh_for_output(doc: FPDF) -> None:
    """Give each font of ``doc`` its own ``Embedded`` subset, so the parsed font every document
    shares never reaches fpdf2's subsetting (which changes the fontTools object it is given)."""
    for font in doc.fonts.values():
        if isinstance(font, TTFFont) and not isinstance(font.ttfont, Embedded):
            font.ttfont = Embedded(font)


install()
