"""Redaction removes the content (eppid.core.pdf_redact): the words are gone from the file's text
as pypdf and poppler read it, the picture's pixels under the area are blank, and bad marks are
refused with a clear, translated message."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from tests.redaction_support import (
    PUBLIC_LINE,
    picture_pixels,
    redaction_pdf,
    text_pdftotext,
    text_pypdf,
)

from eppid.core.pdf_redact import areas_parse, page_sizes_mm, pdf_redact, terms_parse

RED = (255, 0, 0)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_words_are_removed_everywhere_and_the_rest_stays(tmp_path):
    source = redaction_pdf()
    assert "Budi Santoso" in text_pypdf(source)
    result = pdf_redact(source, terms=["budi santoso", "3201010101010001"])
    assert result.match_count == 3 and result.term_count == 2 and result.pages_changed == [1, 2]
    for text in (text_pypdf(result.content), text_pdftotext(result.content, tmp_path)):
        if text is None:
            continue
        assert "Budi" not in text and "Santoso" not in text and "3201010101010001" not in text
        assert PUBLIC_LINE in text
        assert "Surabaya" in text
    # The title and author named him too: the metadata is scrubbed.
    assert b"Budi" not in result.content


def test_an_area_removes_text_and_picture_pixels_under_it(tmp_path):
    source = redaction_pdf()
    # The secret line: baseline 100 pt (35.3 mm), 11 pt high; the left half of the picture.
    areas = areas_parse("1 20 30 200 37\n1;20;65;60,5;100")
    result = pdf_redact(source, areas=areas)
    assert result.area_count == 2 and result.match_count == 0
    text = text_pypdf(result.content)
    assert "NIK" not in text and "pemohon" not in text and PUBLIC_LINE in text
    assert text.count("Budi") == 1  # page 2's copy, which no area covered
    poppler = text_pdftotext(result.content, tmp_path)
    assert poppler is None or ("NIK" not in poppler and PUBLIC_LINE in poppler)
    [(under, outside)] = picture_pixels(result.content)
    assert under != RED and outside == RED
    # The original picture is not left in the file either (no older revision kept).
    assert picture_pixels(source) == [(RED, RED)]


def test_an_area_on_a_turned_page_is_measured_as_the_page_is_shown():
    source = redaction_pdf(rotated_page=True)
    assert page_sizes_mm(source) == [(210, 297), (297, 210)]
    # Shown turned a quarter: the line runs from top to bottom near the right edge.
    result = pdf_redact(source, areas=areas_parse("2 255 20 270 120"))
    text = text_pypdf(result.content)
    assert "Tembusan" not in text and "Surabaya" not in text
    assert "Budi Santoso" in text and PUBLIC_LINE in text  # page 1 is untouched


@pytest.mark.parametrize(
    ("areas", "terms", "code", "words"),
    [
        ("3 10 10 20 20", "", "page_out_of_range", "Page 3 does not exist: the document has 2 pages."),
        ("0 10 10 20 20", "", "page_out_of_range", "Page 0 does not exist"),
        ("1 10 10 300 20", "", "area_outside_page", "210 mm wide and 297 mm high"),
        ("1 -5 10 20 20", "", "area_outside_page", "outside the page"),
        ("1 50 10 20 20", "", "area_invalid", "the left edge must be before the right one"),
        ("", "Siti Aminah", "term_not_found", '"Siti Aminah"'),
        ("", "", "redaction_empty", "Mark at least one area"),
    ],
)
def test_bad_marks_are_refused(areas, terms, code, words):
    with pytest.raises(ValidationError) as caught:
        pdf_redact(redaction_pdf(), areas=areas_parse(areas), terms=terms_parse(terms))
    assert caught.value.code == code
    assert words in caught.value.messages[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [("1 2 3", "Line 1: write the page number"), ("\n\nx 1 2 3 4", "Line 3:")],
)
def test_bad_area_lines_are_named(text, words):
    with pytest.raises(ValidationError) as caught:
        areas_parse(text)
    assert words in caught.value.messages[0]


def test_a_one_letter_term_is_refused_and_repeats_are_one():
    with pytest.raises(ValidationError, match="needs 2 to 200 characters"):
        terms_parse("a")
    assert terms_parse("Budi  Santoso\nbudi santoso\n\n") == ["Budi Santoso"]


def test_not_a_pdf_is_refused():
    with pytest.raises(ValidationError) as caught:
        pdf_redact(b"%PDF-1.4 this is not a PDF at all", terms=["x1"])
    assert caught.value.code == "pdf_unreadable"


def test_messages_are_translated():
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        pdf_redact(redaction_pdf(), areas=areas_parse("9 1 1 2 2"))
    assert "Page" not in caught.value.messages[0]


def test_comments_bookmarks_and_metadata_that_name_him_are_gone():
    import pymupdf

    doc = pymupdf.open(stream=redaction_pdf(), filetype="pdf")
    doc[0].add_text_annot((400, 400), "Catatan: hubungi Budi Santoso")
    doc.set_toc([[1, "Surat untuk Budi Santoso", 1]])
    source = doc.tobytes()
    result = pdf_redact(source, terms=["Budi Santoso"])
    redacted = pymupdf.open(stream=result.content, filetype="pdf")
    assert not list(redacted[0].annots()) and redacted.get_toc() == []
    assert not any(redacted.metadata.get(key) for key in ("title", "author", "subject", "keywords"))
    assert redacted.xref_xml_metadata() == 0 or "Budi" not in redacted.get_xml_metadata()
    everything = b"".join(
        redacted.xref_stream(xref) or b"" for xref in range(1, redacted.xref_length())
    ) + b"".join(redacted.xref_object(xref).encode() for xref in range(1, redacted.xref_length()))
    assert b"Budi" not in everything and b"Santoso" not in everything


def test_a_damaged_pdf_is_refused_not_a_server_error():
    import random

    junk = bytes(random.Random(7).randrange(256) for _ in range(4000))  # noqa: S311 - test data
    with pytest.raises(ValidationError) as caught:
        pdf_redact(b"%PDF-1.7\n" + junk + b"\n%%EOF\n", areas=areas_parse("1 1 1 10 10"))
    assert caught.value.code == "pdf_unreadable"


@pytest.mark.django_db
def test_a_pdf_signed_by_the_office_itself_can_be_redacted(settings, tmp_path):
    """pyHanko's incremental update leaves an object number without an entry (nothing refers to
    it); MuPDF refused such a file as damaged, so the office could not redact its own signed
    notices before publishing them."""
    from tests.signing_support import pki_setup, sample_pdf

    from eppid.organisation.models import Unit
    from eppid.signing.keys import key_for_unit
    from eppid.signing.pades import pdf_sign

    pki_setup(settings, tmp_path)
    signed = pdf_sign(
        sample_pdf(),
        key_for_unit(Unit.objects.get(code="35.04")),
        unit_label="Bawaslu Kabupaten Tulungagung (35.04)",
        code="ABCD-EFGH-JK",
        url="https://eppid.example/verifikasi/ABCD-EFGH-JK",
    )

    result = pdf_redact(signed, terms=["35.04-2026-00042"])

    assert result.match_count == 1
    assert "35.04-2026-00042" not in text_pypdf(result.content)
    assert "Data permohonan" in text_pypdf(result.content)
    assert page_sizes_mm(signed) == page_sizes_mm(result.content)
