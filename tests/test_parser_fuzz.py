"""Hypothesis on the parsers of hostile input, each input under a time and memory bound
(issue 14 item 6): the NIK and decree-number checks, the upload inspection (images and PDFs,
refuse and strip modes), the catalog's PDF check, and the PDF verifier behind POST /api/v1/verify.

The parsers run in a child process (tests/bounded_child.py) whose address space is capped at
what it has mapped after loading Django plus a budget: an allocation past it is a MemoryError,
which fails the test. Each input's CPU time is measured there and bounded here; a child that
takes longer than the wall-clock limit is killed and the input fails as ``timeout``. Every
input must end in a result or a ValidationError with a code: no other exception.

The verifier already runs in its own worker under a CPU, memory and wall-clock budget (decision
1210); here it is driven through the public endpoint with a small budget, and every answer must
be 200, or 422 or 503 as a problem, within the wall-clock limit.
"""

import io
import sys

import hypothesis
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st
from PIL import Image
from tests import upload_bombs as bombs
from tests.bounded_child import BoundedChild
from tests.console_support import tiny_pdf
from tests.disclosure_support import NIK

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and sets RLIMIT_AS"),
    pytest.mark.timeout(600),
]

FUZZ = hypothesis.settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.data_too_large],
)
# Per input. Memory: the worst image the limits accept decodes into about 200 MB (decision 1220).
TEXT_CPU, FILE_CPU, WALL = 0.1, 3.0, 30.0
MEMORY_MB = 320


@pytest.fixture(scope="module")
def child():
    bounded = BoundedChild(MEMORY_MB)
    yield bounded
    bounded.close()


def bounded(child, target: str, data: bytes, cpu_seconds: float):
    answer = child.run(target, data, wall_seconds=WALL)
    assert not answer.outcome.startswith(("crash", "timeout", "died", "MemoryError")), answer
    assert answer.cpu_seconds <= cpu_seconds, answer
    return answer


# --- NIK and decree numbers --------------------------------------------------------------------

near_nik = st.builds(
    lambda start, patch: NIK[:start] + patch + NIK[start + len(patch) :],
    st.integers(0, 16),
    st.text(max_size=6),
)


@FUZZ
@hypothesis.given(value=st.one_of(st.text(max_size=60), near_nik, st.from_regex(r"\s*\d{14,18}\s*")))
@hypothesis.example(value="٣٥٠٤٠١٤١٠١٩٠٠٠٠١")  # Arabic-Indic digits: isdigit() but not ASCII
@hypothesis.example(value="3504014101900001" * 10_000)
def test_nik_check(child, value):
    bounded(child, "nik", value.encode("utf-8", "surrogatepass"), TEXT_CPU)


@FUZZ
@hypothesis.given(value=st.text(max_size=80))
@hypothesis.example(value="KEP-" + "1/" * 50_000)
def test_decree_number_check(child, value):
    bounded(child, "decree", value.encode("utf-8", "surrogatepass"), TEXT_CPU)


# --- Uploads ------------------------------------------------------------------------------------


def _image(kind: str, size=(24, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, format=kind, **({"progressive": True} if kind == "JPEG" else {}))
    return out.getvalue()


SAMPLES = [
    tiny_pdf(),
    _image("PNG"),
    _image("JPEG"),
    bombs.pdf_object_stream([], [bombs.CATALOG, bombs.PAGES, bombs.PAGE]),
    bombs.pdf_many_pages(20),
    bombs.pdf_with(b"/OpenAction << /S /JavaScript /JS (x) >> "),
    bombs.png_header_only(5000, 5000),
    bombs.jpeg_header_only(5000, 5000),
]
MAGICS = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n"]


@st.composite
def hostile_files(draw):
    """A known file with bytes patched, cut or repeated, or a magic number on random bytes."""
    if draw(st.booleans()):
        return draw(st.sampled_from(MAGICS)) + draw(st.binary(max_size=2000))
    sample = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(sample) - 1))
        action = draw(st.sampled_from(["patch", "cut", "repeat"]))
        if action == "patch":
            patch = draw(st.binary(min_size=1, max_size=16))
            sample = sample[:start] + patch + sample[start + len(patch) :]
        elif action == "cut":
            sample = sample[:start] + sample[start + draw(st.integers(1, 64)) :]
        else:
            piece = sample[start : start + draw(st.integers(1, 64))]
            sample = sample[:start] + piece * draw(st.integers(2, 200)) + sample[start:]
    return sample or b"%PDF-"


@FUZZ
@hypothesis.given(content=hostile_files(), target=st.sampled_from(["upload", "upload_strip"]))
def test_upload_inspection(child, content, target):
    bounded(child, target, content, FILE_CPU)


@FUZZ
@hypothesis.given(content=hostile_files())
def test_catalog_pdf_check(child, content):
    bounded(child, "catalog_pdf", content, FILE_CPU)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(bombs.pdf_many_pages(45_000), id="45,000 pages"),
        pytest.param(bombs.pdf_lying_count(45_000, declared=1), id="a lying page count"),
        pytest.param(bombs.pdf_nested_arrays(), id="nested arrays"),
    ],
)
def test_catalog_pdf_check_refuses_bombs_within_the_bounds(child, content):
    answer = bounded(child, "catalog_pdf", content, FILE_CPU)
    assert answer.outcome != "accepted", answer


@pytest.mark.parametrize("target", ["upload", "upload_strip"])
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(bombs.png_bomb(7740, 7740), id="png 7740x7740"),
        pytest.param(bombs.jpeg_header_only(20_000, 20_000), id="jpeg 20000x20000"),
        pytest.param(bombs.pdf_many_pages(45_000), id="pdf of 45,000 pages"),
        pytest.param(bombs.pdf_lying_count(45_000, declared=1), id="pdf lying about 45,000 pages"),
    ],
)
def test_upload_bombs_are_refused_within_the_bounds(child, target, content):
    answer = bounded(child, target, content, FILE_CPU)
    assert answer.outcome != "accepted", answer


@pytest.mark.parametrize("target", ["upload", "upload_strip", "catalog_pdf"])
def test_a_flate_bomb_is_never_decoded_by_the_checks(child, target):
    """Content streams are not decoded when a PDF is checked (decision 1220): a 200 MB stream
    costs nothing here, and whoever reads it further does so under the limits."""
    bounded(child, target, bombs.pdf_flate_bomb(200), FILE_CPU)


# --- The PDF verifier, through its public endpoint --------------------------------------------------


@pytest.fixture(scope="module")
def signed_pdf():
    from signing_support import stranger_signed_pdf

    return stranger_signed_pdf()


@pytest.fixture
def small_budget(settings):
    settings.RATELIMIT_ENABLE = False
    settings.EPPID_VERIFY_CPU_SECONDS = 2
    settings.EPPID_VERIFY_MEMORY_MB = 256
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 10


@pytest.mark.django_db
def test_pdf_verifier(client, small_budget, signed_pdf):
    import time

    samples = [signed_pdf, tiny_pdf()]

    @FUZZ
    @hypothesis.given(data=st.data())
    def run(data):
        sample = data.draw(st.sampled_from(samples))
        start = data.draw(st.integers(0, len(sample) - 1))
        patch = data.draw(st.binary(min_size=1, max_size=24))
        content = sample[:start] + patch + sample[start + len(patch) :]
        upload = SimpleUploadedFile("document.pdf", content, content_type="application/pdf")
        started = time.monotonic()
        response = client.post("/api/v1/verify", {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
        assert time.monotonic() - started <= WALL
        assert response.status_code in {200, 422, 503}, response.content[:500]
        if response.status_code != 200:
            assert response["Content-Type"] == "application/problem+json"

    run()
