"""The PDF builder's shortcuts print exactly what fpdf2 itself would (decision 1540).

Texts are broken into lines once per process (``pdf_lines``) and the embedded font of a set of
glyphs is made once per process (``pdf_subsets``): the pages must not change for it. Each test
compares with fpdf2's own ``multi_cell`` and fontTools' own subsetting.
"""

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from eppid.signing import pdf_lines, pdf_subsets
from eppid.signing.pdf import FONT, _Document, pdf_render
from eppid.signing.pdf_fonts import MAIN, TextPrinter

LONG = (
    "Pemohon meminta salinan notulen rapat pleno rekapitulasi hasil penghitungan suara tingkat "
    "kabupaten, beserta daftar hadir dan lampirannya, untuk keperluan penelitian skripsi. "
) * 3
TEXTS = [
    "",
    "Satu",
    LONG,
    LONG + "\nBaris kedua\n\nsetelah baris kosong\n",
    "x" * 300 + " kata " + "https://example.org/" + "a/" * 60,
    "Nguyễn Thị Ngọc Hân — “rapat pleno” ≤ 5 halaman → ✓ 会议记录 " * 4,
    "  spasi di depan dan   di tengah  ",
]

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789.,-éñễ“”—\n"


def _document(texts) -> _Document:
    printer = TextPrinter()
    prepared = [printer.text(text) for text in texts]
    doc = _Document("Bawaslu Kabupaten Tulungagung", "Uji", printer.plan())
    doc.compress = False
    doc.add_page()
    return doc, prepared


def _pages(doc) -> list[bytes]:
    """Each page's content stream (the page count's placeholder, a random id, made one)."""
    return [
        re.sub(rb"::placeholder:[0-9a-f-]+::", b"{nb}", bytes(doc.pages[n].contents))
        for n in sorted(doc.pages)
    ]


def _printed_both_ways(texts, *, size=10.5, h=5.5, align="J", x=None):
    """The page contents of ``texts`` printed by fpdf2's multi_cell and by ``pdf_lines.wrapped``."""
    out = []
    for way in ("multi_cell", "wrapped"):
        doc, prepared = _document(texts)
        doc.set_font(FONT, "", size)
        for text in prepared:
            if x is not None:
                doc.set_x(x)
            text = doc.shape_for(text)
            if way == "multi_cell":
                doc.multi_cell(0, h, text, align=align, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf_lines.wrapped(doc, h, text, align=align)
        out.append((_pages(doc), doc.get_y()))
    return out


@pytest.mark.parametrize("align", ["J", "L"])
def test_wrapped_text_prints_as_multi_cell_does(align):
    by_fpdf2, ours = _printed_both_ways(TEXTS, align=align)
    assert ours == by_fpdf2
    again = _printed_both_ways(TEXTS, align=align)[1]  # now from the lines kept
    assert again == by_fpdf2


def test_an_indented_text_and_one_across_a_page_break_print_the_same():
    by_fpdf2, ours = _printed_both_ways([LONG] * 12, size=12, h=6.5, x=23)
    assert len(by_fpdf2[0]) > 1  # the text ran onto another page
    assert ours == by_fpdf2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(
        st.text(
            alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789.,-éñễ“”—\n"), max_size=25
        ),
        max_size=40,
    )
)
def test_any_text_breaks_into_the_lines_multi_cell_makes(words):
    text = " ".join(words)
    by_fpdf2, ours = _printed_both_ways([text])
    assert ours == by_fpdf2


def test_the_lines_of_a_text_are_broken_once(monkeypatch):
    calls = []
    broken = pdf_lines._broken
    monkeypatch.setattr(pdf_lines, "_broken", lambda *args: calls.append(args[-1]) or broken(*args))
    text = "Teks yang sama pada setiap tanda bukti " * 5 + str(id(calls))
    for _ in range(3):
        doc, [prepared] = _document([text])
        doc.set_font(FONT, "", 10.5)
        pdf_lines.wrapped(doc, 5.5, prepared)
    assert calls == [text]


def _font_programs(pdf: bytes) -> dict[str, bytes]:
    programs = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            name = str(font["/BaseFont"]).split("+")[-1]
            programs[name] = descriptor["/FontFile2"].get_object().get_data()
    return programs


def _render(name: str) -> bytes:
    blocks = [("heading", "Pemohon / Requester"), ("rows", [("Nama\nName", name)]), LONG]
    return pdf_render(title="Tanda bukti", unit_name="Bawaslu Kabupaten Tulungagung", blocks=blocks)


def test_documents_with_the_same_glyphs_share_one_embedded_font(monkeypatch):
    made = []
    kept = pdf_subsets._kept

    def counted(cache, key, size, make):
        return kept(cache, key, size, lambda: made.append(key) or make())

    monkeypatch.setattr(pdf_subsets, "_kept", counted)
    first = _render("Siti Aminah")
    made.clear()
    second = _render("Bambang Wijaya (Qory)")
    assert made == []  # nothing subset again: the second document's fonts were all kept
    assert _font_programs(first) == _font_programs(second)
    assert "Bambang Wijaya (Qory)" in PdfReader(io.BytesIO(second)).pages[0].extract_text()


def test_a_name_in_other_letters_gets_its_own_glyphs():
    latin, other = _render("Siti Aminah"), _render("Nguyễn Thị Ngọc Hân")
    assert _font_programs(latin)["NotoSans"] != _font_programs(other)["NotoSans"]
    assert "Nguyễn Thị Ngọc Hân" in PdfReader(io.BytesIO(other)).pages[0].extract_text()


def test_a_font_that_is_not_ours_is_subset_by_fonttools_itself(tmp_path):
    from fpdf import FPDF

    from eppid.signing.pdf_fonts import font_path

    doc = FPDF()
    doc.add_font("plain", "", font_path(MAIN.regular))
    doc.add_page()
    doc.set_font("plain", "", 12)
    doc.cell(0, 10, "Tanpa cache")
    pdf = bytes(doc.output())
    assert "Tanpa cache" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert len(pdf) < 30_000  # subset, not the whole font
