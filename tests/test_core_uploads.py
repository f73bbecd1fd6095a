"""eppid.core.uploads: every upload checked by its bytes, bombs refused before the work, active
content refused or stripped (issue 10 items 3 and 9; docs/decisions/1220-upload-inspection.md).

Bounded work is shown without clocks: Pillow is never asked for pixels, pypdf never builds more
pages than the limit allows, and a child process with a small address space (RLIMIT_AS) refuses
each bomb instead of running out of memory. The identity checks of the disclosure domain go
through the same function (tests/test_disclosure_identity.py keeps their older cases).
"""

import contextlib
import io
import json
import subprocess
import sys

import hypothesis
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import strategies as st
from PIL import Image, ImageFile
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from tests import upload_bombs as bombs
from tests.console_support import tiny_pdf
from tests.request_support import jpeg_with_gps
from tests.upload_support import english, refusal

from eppid.core.uploads import InspectedUpload, pdf_limits_apply, upload_inspect
from eppid.disclosure.identity import document_check


@pytest.fixture
def no_pixels(monkeypatch):
    """Fail the test if anything asks Pillow to decode pixels."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("Pillow was asked to decode the pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    monkeypatch.setattr(Image.Image, "load", refuse)


@pytest.fixture
def pages_built(monkeypatch):
    """How many page objects pypdf builds while walking a page tree."""
    built = []

    class Counting(pypdf.PageObject):
        def __init__(self, *args, **kwargs):
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("pypdf._doc_common.PageObject", Counting)
    return built


def png(width=40, height=30, mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "navy" if mode == "RGB" else 0).save(out, format="PNG")
    return out.getvalue()


# --- What a file is, and how big -----------------------------------------------------------------


def test_a_non_pdf_named_pdf_is_refused_by_its_bytes():
    exe = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    assert refusal(exe).code == "file_type"


def test_only_the_kinds_asked_for_are_accepted():
    message = english(png(), kinds=("pdf",))
    assert "must be a PDF. Other" in message
    assert upload_inspect(tiny_pdf(), kinds=("pdf",)).kind == "pdf"


def test_the_result_says_what_was_checked():
    checked = upload_inspect(png(40, 30))
    assert isinstance(checked, InspectedUpload)
    assert (checked.kind, checked.content_type, checked.extension) == ("png", "image/png", "png")
    assert (checked.width, checked.height, checked.pages, checked.removed) == (40, 30, None, ())
    import hashlib

    assert checked.sha256 == hashlib.sha256(checked.content).hexdigest() and checked.size == len(
        checked.content
    )
    pdf = upload_inspect(tiny_pdf())
    assert (pdf.kind, pdf.pages, pdf.content, pdf.cleaned) == ("pdf", 1, tiny_pdf(), False)


def test_size_is_limited_and_named_in_mb():
    assert english(tiny_pdf() + b" " * 2048, max_bytes=2048).startswith("The file is larger than 0.002 MB")


def test_a_wrong_mode_is_a_programming_error():
    with pytest.raises(ValueError):
        upload_inspect(tiny_pdf(), active_content="ignore")


# --- Images: refused by their header, before any decoding ----------------------------------------


def test_the_probes_png_bomb_is_refused_before_decoding(no_pixels):
    bomb = bombs.png_bomb(7740, 7740)  # 1.1 MB on disk, 180 MB of pixels
    with translation.override("en"):
        error = refusal(bomb)
    assert error.code == "image_too_large"
    assert "7740 × 7740 pixels" in error.messages[0] and "25 megapixels" in error.messages[0]


def test_the_identity_check_refuses_the_png_bomb(no_pixels):
    """Failed before the fix: document_check decoded all 180 MB of it and accepted it."""
    with pytest.raises(ValidationError) as caught:
        document_check(SimpleUploadedFile("ktp.png", bombs.png_bomb(7740, 7740), content_type="image/png"))
    assert caught.value.code == "image_too_large"


def test_a_jpeg_is_refused_by_its_declared_frame_size(no_pixels):
    assert refusal(bombs.jpeg_header_only(20_000, 20_000)).code == "image_too_large"


def test_a_jpeg_of_too_many_scans_is_refused(no_pixels):
    assert refusal(bombs.jpeg_header_only(64, 64, scans=200)).code == "image_unreadable"


def test_the_pixel_limit_is_a_setting(settings):
    settings.EPPID_UPLOAD_MAX_PIXELS = 100 * 100
    assert upload_inspect(png(100, 100)).width == 100
    assert refusal(png(101, 100)).code == "image_too_large"
    assert upload_inspect(png(101, 100), max_pixels=20_000).width == 101


def test_pillows_own_bomb_error_is_a_refusal_too(no_pixels):
    assert refusal(bombs.png_header_only(20_000, 20_000), max_pixels=10**9).code == "image_too_large"


def test_an_image_with_a_broken_header_is_refused():
    assert refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).code == "image_unreadable"
    assert refusal(b"\xff\xd8\xff\xe0\x00").code == "image_unreadable"


def test_a_clean_scan_is_still_re_encoded_without_metadata():
    checked = upload_inspect(jpeg_with_gps())
    assert checked.kind == "jpeg" and (checked.width, checked.height) == (32, 24)
    assert b"Exif" not in checked.content and not Image.open(io.BytesIO(checked.content)).getexif()


def test_an_image_turned_by_its_exif_orientation_reports_its_new_size():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees clockwise
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, format="JPEG", exif=exif)
    checked = upload_inspect(out.getvalue())
    assert (checked.width, checked.height) == (30, 40) == Image.open(io.BytesIO(checked.content)).size


# --- PDFs: page count before pages, bounded parsing ---------------------------------------------


def test_a_pdf_of_45000_pages_is_refused_by_its_declared_count(pages_built):
    """Failed before the fix: every page was read (5 s in the probe), and the file accepted."""
    with translation.override("en"):
        error = refusal(bombs.pdf_many_pages(45_000), max_bytes=10 * 1024 * 1024)
    assert error.code == "pdf_too_many_pages" and "45000 pages; at most 500" in error.messages[0]
    assert pages_built == []


def test_a_huge_declared_count_is_refused_at_once(pages_built):
    assert refusal(bombs.pdf_huge_count(10_000_000)).code == "pdf_too_many_pages"
    assert pages_built == []


def test_a_lying_count_cannot_make_the_walk_long(pages_built, settings):
    settings.EPPID_UPLOAD_MAX_PAGES = 50
    assert refusal(bombs.pdf_lying_count(5_000, declared=1)).code == "pdf_too_complex"
    assert 0 < len(pages_built) <= 2 * 50 + 100


def test_the_page_limit_is_a_setting(settings):
    settings.EPPID_UPLOAD_MAX_PAGES = 3
    assert upload_inspect(bombs.pdf_many_pages(3)).pages == 3
    assert refusal(bombs.pdf_many_pages(4)).code == "pdf_too_many_pages"
    assert refusal(bombs.pdf_lying_count(4, declared=3)).code == "pdf_too_many_pages"


def test_deeply_nested_objects_are_refused():
    assert refusal(bombs.pdf_nested_arrays(50_000)).code == "pdf_unreadable"


def test_a_deep_page_tree_is_refused():
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    depth = 300
    for level in range(depth):
        objects.append(b"<< /Type /Pages /Count 1 /Kids [%d 0 R] >>" % (level + 3))
    objects.append(b"<< /Type /Page /MediaBox [0 0 10 10] >>")
    assert refusal(bombs._pdf(objects)).code == "pdf_too_complex"


def test_an_object_stream_that_inflates_to_200_mb_is_refused():
    bomb = bombs.pdf_object_stream(
        [], [bombs.CATALOG, bombs.PAGES, bombs.PAGE], packed=bombs._zlib_zeros(200 << 20)
    )
    assert len(bomb) < 2 * 1024 * 1024
    assert refusal(bomb).code in {"pdf_too_complex", "pdf_unreadable"}


def test_an_object_stream_inside_itself_is_refused():
    loop = bombs.pdf_object_stream([], [bombs.CATALOG, bombs.PAGES, bombs.PAGE], stream_in_itself=True)
    assert refusal(loop).code == "pdf_unreadable"


def test_more_objects_than_the_limit_are_refused_before_any_is_read(settings, monkeypatch):
    settings.EPPID_UPLOAD_MAX_PDF_OBJECTS = 1_000
    reads = []
    original = PdfReader.get_object

    def counting(self, reference):
        reads.append(reference)
        return original(self, reference)

    monkeypatch.setattr(PdfReader, "get_object", counting)
    bomb = bombs.pdf_object_stream([bombs.CATALOG, bombs.PAGES, bombs.PAGE], [b"null"] * 2_000)
    assert refusal(bomb).code == "pdf_too_complex"
    assert len(reads) < 20
    assert upload_inspect(bomb, max_objects=3_000).pages == 1


def test_a_cross_reference_stream_longer_than_twice_the_limit_is_refused(settings):
    settings.EPPID_UPLOAD_MAX_PDF_OBJECTS = 1_000
    bomb = bombs.pdf_object_stream([bombs.CATALOG, bombs.PAGES, bombs.PAGE], [b"null"] * 5_000)
    assert refusal(bomb).code in {"pdf_too_complex", "pdf_unreadable"}


def test_an_object_stream_pdf_is_read():
    checked = upload_inspect(bombs.pdf_object_stream([], [bombs.CATALOG, bombs.PAGES, bombs.PAGE]))
    assert checked.pages == 1


def test_reading_an_inspected_pdf_further_keeps_the_limits():
    """A content stream is never decoded by the inspection; whoever extracts text later (the
    catalog) does it under the same limits: 50 MB of zeros stops at 32 MB, not pypdf's 75."""
    zeros = bombs._zlib_zeros(50 << 20)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zeros) + zeros + b"\nendstream"
    checked = upload_inspect(bombs.pdf_with(page_extra=b"/Contents 4 0 R ", extra_objects=[stream]))
    assert len(PdfReader(io.BytesIO(checked.content)).pages[0].get_contents().get_data()) == 50 << 20
    with pdf_limits_apply(checked.content), pytest.raises(LimitReachedError):
        PdfReader(io.BytesIO(checked.content)).pages[0].get_contents().get_data()


# --- Memory, measured in a child process with a small address space -------------------------------

CHILD = """
import json, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from eppid.core.uploads import upload_inspect

content = open(sys.argv[1], "rb").read()
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) for line in status if line.startswith("VmSize:")) * 1024
budget = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (size + budget, resource.getrlimit(resource.RLIMIT_AS)[1]))
try:
    upload_inspect(content, max_bytes=len(content))
    outcome = "accepted"
except ValidationError as error:
    outcome = error.code
except MemoryError:
    outcome = "MemoryError"
print(json.dumps({"outcome": outcome}))
"""

BOMBS = {
    "png 7740x7740": lambda: bombs.png_bomb(7740, 7740),
    "jpeg 20000x20000": lambda: bombs.jpeg_header_only(20_000, 20_000),
    "pdf of 45,000 pages": lambda: bombs.pdf_many_pages(45_000),
    "pdf lying about 45,000 pages": lambda: bombs.pdf_lying_count(45_000, declared=1),
    "object stream of 200 MB": lambda: bombs.pdf_object_stream(
        [], [bombs.CATALOG, bombs.PAGES, bombs.PAGE], packed=bombs._zlib_zeros(200 << 20)
    ),
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and sets RLIMIT_AS")
@pytest.mark.parametrize("name", list(BOMBS))
def test_each_bomb_is_refused_within_a_small_address_space(name, tmp_path):
    """96 MB above what the child has mapped once Django is loaded: a decoder that allocated the
    PNG's 180 MB of pixels, or pypdf holding 45,000 pages, would end in MemoryError instead."""
    path = tmp_path / "upload"
    path.write_bytes(BOMBS[name]())
    result = subprocess.run(  # noqa: S603 - our interpreter, our script, a file we wrote
        [sys.executable, "-c", CHILD, str(path), str(96 * 1024 * 1024)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])["outcome"]
    assert outcome not in {"accepted", "MemoryError"}, outcome


# --- The scanner hook -----------------------------------------------------------------------------


def test_a_configured_scanner_sees_every_upload_before_the_parsers(settings):
    settings.EPPID_UPLOAD_SCANNER = "tests.upload_bombs.eicar_scanner"
    bombs.scanned.clear()
    assert upload_inspect(tiny_pdf()).kind == "pdf"
    infected = tiny_pdf().replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + bombs.EICAR + b"\n", 1)
    assert refusal(infected).code == "file_infected"
    assert bombs.scanned == ["pdf", "pdf"]


def test_no_scanner_by_default(settings):
    assert settings.EPPID_UPLOAD_SCANNER == ""


# --- Any bytes at all: a refusal or a result, never another exception -------------------------------

MAGICS = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b""]
SAMPLES = [
    tiny_pdf(),
    png(8, 8),
    jpeg_with_gps(),
    bombs.pdf_object_stream([], [bombs.CATALOG, bombs.PAGES, bombs.PAGE]),
    bombs.pdf_with(
        b"/Names << /EmbeddedFiles 4 0 R >> /OpenAction << /S /JavaScript /JS (x) >> ",
        extra_objects=[
            b"<< /Names [(a) << /EF << /F 5 0 R >> >>] >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ],
    ),
]


@hypothesis.settings(max_examples=150, deadline=None)
@hypothesis.given(
    magic=st.sampled_from(MAGICS),
    body=st.binary(max_size=3000),
    ending=st.sampled_from([b"", b"\n%%EOF\n"]),
)
def test_random_bytes_are_refused_cleanly(magic, body, ending):
    with contextlib.suppress(ValidationError):
        upload_inspect(magic + body + ending, active_content="strip")


@hypothesis.settings(max_examples=150, deadline=None)
@hypothesis.given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_damaged_files_are_refused_cleanly(sample, data):
    start = data.draw(st.integers(0, len(sample) - 1))
    patch = data.draw(st.binary(min_size=1, max_size=40))
    with contextlib.suppress(ValidationError):
        upload_inspect(sample[:start] + patch + sample[start + len(patch) :], active_content="strip")
