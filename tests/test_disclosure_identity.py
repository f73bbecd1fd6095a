"""Identity checks of a requester: NIK, legal-entity decree number and the identity document."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from tests.request_support import pdf_bytes

from eppid.disclosure.identity import (
    document_check,
    legal_entity_number_check,
    nik_check,
    nik_province_codes,
)

# --- NIK ------------------------------------------------------------------------------------------

PROVINCES = sorted(nik_province_codes())


def nik(province="35", regency="04", district="12", born=date(1990, 5, 17), woman=False, serial="0001"):
    day = born.day + (40 if woman else 0)
    return f"{province}{regency}{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial}"


def code_of(callable_, value):
    with pytest.raises(ValidationError) as caught:
        callable_(value)
    return caught.value.code


def test_province_codes_are_the_38_provinces_of_the_unit_table():
    assert len(PROVINCES) == 38
    assert {"11", "35", "91", "92", "93", "94", "95", "96"} <= set(PROVINCES)
    assert "00" not in PROVINCES


def test_a_valid_nik_is_returned_without_spaces():
    assert nik_check(" 3504 1217 0590 0001 ") == "3504121705900001"


def test_a_womans_nik_has_day_plus_40():
    assert nik_check(nik(born=date(1990, 5, 17), woman=True)) == "3504125705900001"


def test_a_nik_from_before_the_papua_split_keeps_its_old_province_code():
    # Residents of Papua Selatan registered before 2022 still have NIKs starting 91.
    assert nik_check(nik(province="91", regency="01")) == nik(province="91", regency="01")


@pytest.mark.parametrize("value", ["", "123", "35041217059000011", "35041217059O0001", "३५०४१२१७०५९००००१"])
def test_not_16_digits(value):
    assert code_of(nik_check, value) == "nik_format"


@pytest.mark.parametrize("province", ["00", "10", "20", "37", "54", "99"])
def test_unknown_province(province):
    assert code_of(nik_check, nik(province=province)) == "nik_province"


@pytest.mark.parametrize("ddmmyy", ["000590", "320590", "720590", "401390", "010090", "300290", "690201"])
def test_impossible_birth_date(ddmmyy):
    # 40 is neither a man's day nor a woman's (41-71); 69-02 is 29 February of 2001 (no leap year).
    assert code_of(nik_check, f"350412{ddmmyy}0001") == "nik_birth_date"


def test_29_february_of_a_leap_year_is_possible():
    assert nik_check("3504126902000001") == "3504126902000001"


@freeze_time("2026-03-10")
def test_birth_date_in_the_future():
    assert code_of(nik_check, nik(born=date(2026, 3, 11))) == "nik_birth_future"
    assert nik_check(nik(born=date(2026, 3, 10)))  # a newborn gets a NIK
    # Two-digit years later than this year mean the last century.
    assert nik_check(nik(born=date(1927, 3, 11)))


def test_messages_are_translated_and_distinct():
    values = ["123", nik(province="99"), "3504123205900001"]
    with translation.override("en"):
        english = [pytest.raises(ValidationError, nik_check, v).value.messages[0] for v in values]
    with translation.override("id"):
        indonesian = [pytest.raises(ValidationError, nik_check, v).value.messages[0] for v in values]
    assert len(set(english)) == 3
    assert set(english).isdisjoint(indonesian)


TODAY = datetime.now(ZoneInfo("Asia/Jakarta")).date()


@given(
    province=st.sampled_from(PROVINCES),
    rest=st.text(alphabet="0123456789", min_size=4, max_size=4),
    # Two-digit years resolve to the latest century not after this year: the last 99 years.
    born=st.dates(min_value=date(TODAY.year - 99, 1, 1), max_value=TODAY - timedelta(days=1)),
    woman=st.booleans(),
    serial=st.text(alphabet="0123456789", min_size=4, max_size=4),
)
def test_every_well_formed_nik_is_accepted(province, rest, born, woman, serial):
    value = nik(province, rest[:2], rest[2:], born, woman, serial)
    assert nik_check(value) == value


@given(st.text(max_size=40))
def test_any_text_gives_a_nik_or_a_validation_error(value):
    try:
        result = nik_check(value)
    except ValidationError as error:
        assert error.code in {"nik_format", "nik_province", "nik_birth_date", "nik_birth_future"}
    else:
        assert len(result) == 16 and result.isdigit() and result[:2] in PROVINCES


# --- Legal entity decree number -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("AHU-0012345.AH.01.07.TAHUN 2020", "AHU-0012345.AH.01.07.TAHUN 2020"),
        (" ahu-0012345.ah.01.07.tahun  2020 ", "AHU-0012345.AH.01.07.TAHUN 2020"),
        ("AHU-12345.AH.01.01.Tahun 2019", "AHU-12345.AH.01.01.TAHUN 2019"),
        ("AHU-0000123.AH.01.04.Tahun 2017", "AHU-0000123.AH.01.04.TAHUN 2017"),
        ("C-12345.HT.01.01.TH.2005", "C-12345.HT.01.01.TH.2005"),
    ],
)
def test_decree_numbers_accepted(value, expected):
    assert legal_entity_number_check(value) == expected


@pytest.mark.parametrize(
    "value", ["", "12345", "AHU-", "AHU 0012345 2020", "XYZ-0012345.AH.01.07.TAHUN 2020"]
)
def test_decree_numbers_refused(value):
    assert code_of(legal_entity_number_check, value) == "legal_entity_number_format"


def test_decree_number_year_must_be_possible():
    assert code_of(legal_entity_number_check, "AHU-0012345.AH.01.07.TAHUN 2999") == "legal_entity_number_year"


# --- Identity document ----------------------------------------------------------------------------


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (7.0, 48.0, 0.0)
    gps[3] = "E"
    gps[4] = (112.0, 0.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngInfo()
    info.add_text("Author", "Budi Santoso, Jl. Mawar 3")
    info.add_itxt("Comment", "NIK 3504121705900001")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def upload(content: bytes, name="ktp.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_pdf_is_accepted_as_it_is():
    content = pdf_bytes()
    checked = document_check(upload(content))
    assert (checked.content, checked.content_type, checked.extension) == (content, "application/pdf", "pdf")


def test_jpeg_gps_and_exif_are_removed():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture has GPS
    checked = document_check(upload(original, "ktp.jpg", "image/jpeg"))
    assert checked.content_type == "image/jpeg" and checked.extension == "jpg"
    cleaned = Image.open(io.BytesIO(checked.content))
    assert not cleaned.getexif()
    assert b"Exif" not in checked.content and b"PhoneMaker" not in checked.content
    assert cleaned.size == (40, 30)


def test_png_text_chunks_are_removed():
    original = png_with_text()
    assert b"Budi Santoso" in original
    checked = document_check(upload(original, "ktp.png", "image/png"))
    assert checked.content_type == "image/png"
    assert b"Budi" not in checked.content and b"3504121705900001" not in checked.content
    assert b"tEXt" not in checked.content and b"iTXt" not in checked.content
    cleaned = Image.open(io.BytesIO(checked.content))
    assert cleaned.size == (20, 20) and not cleaned.info.get("Author")


def test_an_exe_renamed_pdf_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    assert code_of(document_check, upload(exe, "ktp.pdf", "application/pdf")) == "file_type"


def test_the_allowed_types_are_named_in_the_message():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        document_check(upload(b"GIF89a....", "ktp.gif", "image/gif"))
    message = caught.value.messages[0]
    assert "PDF" in message and "JPEG" in message and "PNG" in message


def test_a_truncated_pdf_is_refused():
    content = pdf_bytes()
    assert code_of(document_check, upload(content[: len(content) // 2])) == "pdf_unreadable"


def test_a_pdf_header_on_garbage_is_refused():
    assert code_of(document_check, upload(b"%PDF-1.7\n" + b"x" * 500 + b"\n%%EOF\n")) == "pdf_unreadable"


def test_a_truncated_image_is_refused():
    content = jpeg_with_gps()
    assert code_of(document_check, upload(content[:200], "ktp.jpg", "image/jpeg")) == "image_unreadable"


def test_an_empty_file_is_refused():
    assert code_of(document_check, upload(b"")) == "file_empty"


def test_over_size_is_refused_with_the_limit_in_mb(settings):
    settings.EPPID_UPLOAD_MAX_BYTES = 1024 * 1024
    content = pdf_bytes() + b" " * (1024 * 1024)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        document_check(upload(content))
    assert caught.value.code == "file_too_big"
    assert "1 MB" in caught.value.messages[0]


def test_reads_no_more_than_the_limit_plus_one():
    class Counting(io.BytesIO):
        asked: list = []

        def read(self, size=-1):
            self.asked.append(size)
            return super().read(size)

    stream = Counting(b"%PDF-" + b"0" * 10_000)
    with pytest.raises(ValidationError):
        document_check(stream, max_bytes=100)
    assert stream.asked == [101]


def test_default_limit_is_5_mb(settings):
    assert settings.EPPID_UPLOAD_MAX_BYTES == 5 * 1024 * 1024
