"""Console, PDF and CSV print the same text (issue 10 item 11), and PDFs print every script.

Before: the PDF builder used the core font Helvetica (Latin-1 only) and turned everything else
into a base letter or "?" ("Nguyễn" printed "Nguyen", Chinese and Arabic printed "???"),
typographic quotes became straight ones, and a decomposed accent was stored as typed, so the
console, the CSV and the PDF showed three different things. These tests failed then.
"""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader
from tests.disclosure_support import pdf_upload, request_data
from tests.text_strategies import hostile_text

from eppid.accounts.services import api_token_create
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.papers import receipt_pdf
from eppid.signing.pdf import pdf_render
from eppid.signing.pdf_fonts import latin1_text

NAME_TYPED = "Nguye\u0302\u0303n Thi\u0323 Ngo\u0323c Ha\u0302n"  # decomposed, as some keyboards send it
NAME = "Nguyễn Thị Ngọc Hân"
INFORMATION = "Notulen “rapat pleno” 会议记录 — ≤ 5 halaman"
ADDRESS = "جالن مرديكا ١٢، تولوڠاݢوڠ / 北京市朝阳区"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def render(*texts) -> bytes:
    return pdf_render(title="Uji", unit_name="Bawaslu", blocks=[("rows", [("Isi", text) for text in texts])])


@pytest.mark.django_db
def test_console_pdf_and_csv_print_the_same_text(client, settings, make_staff, verified_client):
    settings.RATELIMIT_ENABLE = False
    body = {**request_data(name=NAME_TYPED, address=ADDRESS, information=INFORMATION)}
    response = client.post("/api/v1/requests", {**body, "identity_document": pdf_upload()})
    assert response.status_code == 201, response.content
    row = InformationRequest.objects.get()
    assert (row.name, row.address, row.information) == (NAME, ADDRESS, INFORMATION)

    officer = make_staff("officer", ("35.04", "officer"))
    page = verified_client(officer).get(f"/en/office/units/35.04/requests/{row.registration_number}/")
    html = page.content.decode()
    assert NAME in html and INFORMATION in html and ADDRESS in html

    token = api_token_create(user=officer, name="t")[1]
    # The register lists by the working day of receipt (a Saturday's request is Monday's).
    day = row.received_on.isoformat()
    download = client.get(
        f"/api/v1/staff/requests/register?unit=35.04&from={day}&to={day}&format=csv",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    cells = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))[0]
    assert {NAME, ADDRESS, INFORMATION} <= set(cells.values())

    printed = pdf_text(receipt_pdf(row, leaf_index=1, leaf_hash="ab" * 32))
    assert NAME in printed and INFORMATION in printed
    assert "[U+" not in printed


def test_every_script_gets_its_font_and_nothing_is_replaced():
    pdf = render(NAME, ADDRESS, "ꦗꦭꦤ꧀ ᬚᬮᬦ᭄ ᮏᮜᮔ᮪", "≤ → ✓", "Ελλάδα Россия")
    assert {
        "NotoSans",
        "NotoSansBold",
        "NotoNaskhArabic",
        "NotoSansJavanese",
        "NotoSansBalinese",
        "NotoSansSundanese",
        "DroidSansFallback",
        "DejaVuSansBook",
    } <= pdf_fonts(pdf)
    printed = pdf_text(pdf)
    assert "[U+" not in printed
    assert NAME in printed and "北京市朝阳区" in printed and "Ελλάδα Россия" in printed


def test_a_latin_document_embeds_only_its_own_font():
    pdf = render(NAME, "Jl. Merdeka 1, Tulungagung — “Pleno”")
    assert pdf_fonts(pdf) == {"NotoSans", "NotoSansBold"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Seoul 서울", "Seoul [U+C11C][U+C6B8]"),  # Hangul: no font we ship has it
        ("private \U0010fffd", "private [U+10FFFD]"),
        ("bell \x07 and override \u202e", "bell [U+0007] and override [U+202E]"),  # older rows
        ("broken \ud800", "broken [U+D800]"),
    ],
)
def test_a_character_no_font_has_prints_as_its_code_point(text, shown):
    assert shown in pdf_text(render(text))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_no_text_crashes_the_pdf_builder(text):
    assert pdf_text(render(text)) is not None


def test_the_stamp_keeps_latin_1_and_shows_the_rest_as_code_points():
    assert latin1_text("Bawaslu Kabupaten Tulungagung") == "Bawaslu Kabupaten Tulungagung"
    assert latin1_text("Kota Bau-Bau – Ðặng 北") == "Kota Bau-Bau [U+2013] Ðang [U+5317]"


@pytest.mark.django_db
def test_a_receipt_in_latin_letters_still_fits_as_before():
    from eppid.organisation.models import Unit

    unit = Unit(code="35.04", name="Bawaslu Kabupaten Tulungagung")
    request = InformationRequest(
        unit=unit,
        registration_number="35.04-2026-00042",
        received_at=timezone.now(),
        received_on=date(2026, 3, 2),
        due_date=date(2026, 3, 16),
        channel="online",
        name="Siti Aminah",
        requester_type="individual",
        information="Minutes of the plenary meeting of 2 January 2026",
        purpose="Research",
        access_method="copy",
        copy_format="softcopy",
        delivery="email",
    )
    pdf = receipt_pdf(request, leaf_index=1, leaf_hash="ab" * 32)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2  # as with the core font
    assert len(pdf) < 60_000  # the fonts are embedded as subsets
