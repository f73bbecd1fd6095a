"""The readiness pages (issue 13 item 5): the console page with its roll-up, the public page, the
evidence binder as CSV and PDF, who may see what, an unknown unit as 404 and other bad input as
a clear 422."""

from __future__ import annotations

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from tests.integrity_support import verify

from eppid.reports.models import ReadinessIndicator
from eppid.signing.models import IssuedDocument

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _console(code="35.04"):
    return reverse("office:readiness", kwargs={"code": code})


def _public(code="35.04"):
    return reverse("portal:unit-readiness", kwargs={"code": code})


def test_the_ppid_sees_each_indicator_in_words_with_its_evidence(make_staff, verified_client):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    page = signed_in.get(_console(), {"year": YEAR})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Daftar Informasi Publik (DIP) tahun berjalan" in text
    assert "Tidak terpenuhi" in text and "Terpenuhi" in text and "Tidak berlaku" in text
    assert reverse("portal:unit-information", kwargs={"code": "35.04"}) in text
    assert _public() in text
    unit_page = signed_in.get(reverse("office:unit", kwargs={"code": "35.04"})).content.decode()
    assert _console() in unit_page


def test_the_page_is_english_under_en(make_staff, verified_client):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    text = signed_in.get("/en" + _console(), {"year": YEAR}).content.decode()
    assert "A list of public information (DIP) of the year" in text and "Not met" in text


def test_the_province_sees_its_roll_up(make_staff, verified_client):
    signed_in = verified_client(make_staff("prov", ("35", "officer")))
    text = signed_in.get(_console("35"), {"year": YEAR, "scope": "tree"}).content.decode()
    assert "Kabupaten Tulungagung" in text or "35.04" in text
    assert _console("35.04") in text
    # A province officer reads a regency's page too (statistics flow up).
    assert signed_in.get(_console("35.04")).status_code == 200


def test_who_may_see(make_staff, verified_client, client):
    assert client.get(_console()).status_code in (302, 403)
    assert verified_client(make_staff("other", ("35.03", "ppid"))).get(_console()).status_code == 404


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "1999"}, "year", "There is no questionnaire for that year; choose one of: 2026, 2025."),
        ({"year": "20x6"}, "year", "There is no questionnaire for that year"),
        ({"year": "9" * 40}, "year", "There is no questionnaire for that year"),
        ({"scope": "world"}, "scope", "Choose which units to show: This unit alone"),
        ({"format": "docx"}, "format", "Choose a download: CSV, PDF."),
    ],
)
def test_bad_input_is_a_clear_422_that_changes_nothing(
    make_staff, verified_client, client, query, field, message
):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    documents = IssuedDocument.objects.count()
    pages = ("/en/office/units/35.04/readiness/", "/en/units/35.04/kesiapan/")
    for response in (signed_in.get(pages[0], query), client.get(pages[1], query)):
        text = response.content.decode()
        assert response.status_code == 422, (response.request["PATH_INFO"], response.status_code)
        # The summary links a message to its field only where the page shows that field (the
        # year); the scope (35.04 has no units below) and the format are in no field: plain text.
        linked = f'href="#id_{field}">'
        assert (linked in text) == (field == "year") and message in text
        assert "error-summary" in text and "Evidence binder" not in text
    assert IssuedDocument.objects.count() == documents


def test_an_unknown_unit_is_404(make_staff, verified_client, client):
    signed_in = verified_client(make_staff("admin", is_superuser=True))
    assert signed_in.get(_console("99.99")).status_code == 404
    assert client.get(_public("99.99")).status_code == 404


def test_the_binder_downloads_as_csv_and_pdf(make_staff, verified_client, settings):
    settings.EPPID_PUBLIC_URL = "https://ppid.example.org"
    signed_in = verified_client(make_staff("prov", ("35", "ppid")))
    response = signed_in.get(_console("35"), {"year": YEAR, "scope": "tree", "format": "csv"})
    assert (
        response["Content-Disposition"].startswith("attachment") and ".csv" in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert any("https://ppid.example.org/" in cell for row in rows for cell in row)
    pdf = signed_in.get(_console(), {"year": YEAR, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    assert b"/URI" in pdf.content  # the links are clickable
    # A roll-up's PDF is the summary: each unit's score linking to its own public page.
    rollup = signed_in.get(_console("35"), {"year": YEAR, "scope": "tree", "format": "pdf"})
    assert rollup.content[:5] == b"%PDF-" and b"/units/35.04/kesiapan/" in rollup.content


def test_the_public_page_shows_the_unit_alone(client):
    page = client.get(_public(), {"year": YEAR})
    text = page.content.decode()
    assert page.status_code == 200 and "Daftar Informasi Publik (DIP)" in text
    assert client.get(reverse("portal:unit", kwargs={"code": "35.04"})).content.decode().count(_public()) == 1
    csv_file = client.get(_public(), {"year": YEAR, "format": "csv"})
    assert csv_file.status_code == 200 and csv_file["Content-Type"].startswith("text/csv")
    # The default year is the newest with a questionnaire.
    assert client.get(_public()).status_code == 200


def test_the_ppid_signs_the_binder(make_staff, verified_client, settings, tmp_path):
    from tests.signing_support import pki_setup

    from eppid.signing.models import DocumentKind, IssuedDocument

    pki_setup(settings, tmp_path)
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    assert (
        reverse("office:readiness-issue", kwargs={"code": "35.04"})
        in signed_in.get(_console()).content.decode()
    )
    issue = reverse("office:readiness-issue", kwargs={"code": "35.04"})
    response = signed_in.post(issue, {"year": YEAR, "scope": "unit"})
    document = IssuedDocument.objects.get(kind=DocumentKind.READINESS_BINDER)
    assert response.status_code == 302 and document.is_signed and document.code in response["Location"]
    pdf = signed_in.get(response["Location"])
    body = b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])
    assert body[:5] == b"%PDF-"
    # Again: the new binder replaces the earlier one. Bad input changes nothing.
    signed_in.post(issue, {"year": YEAR, "scope": "unit"})
    document.refresh_from_db()
    assert document.superseded_by is not None
    before = IssuedDocument.objects.count()
    bad = signed_in.post(issue, {"year": "1999", "scope": "unit"})
    assert bad.status_code == 302 and IssuedDocument.objects.count() == before


def test_only_the_ppid_of_the_unit_signs(make_staff, verified_client):
    issue = reverse("office:readiness-issue", kwargs={"code": "35.04"})
    officer = verified_client(make_staff("officer", ("35.04", "officer")))
    assert officer.post(issue, {"year": YEAR, "scope": "unit"}).status_code == 403
    assert issue not in officer.get(_console()).content.decode()


def test_a_system_administrator_adds_a_years_indicator_in_the_admin(make_staff, verified_client):
    from eppid.reports.models import ReadinessIndicator

    admin = verified_client(make_staff("root", is_superuser=True, is_staff=True))
    add = reverse("admin:reports_readinessindicator_add")
    data = {
        "year": "2027",
        "code": "survey",
        "title_en": "Survey",
        "title_id": "Survei",
        "rule": "survey_held",
        "params": '{"min_responses": 3}',
        "weight": "2",
        "source": "SAQ 2027",
        "position": "0",
    }
    assert admin.post(add, {**data, "rule": "eval"}).status_code == 200  # not a known rule
    assert admin.post(add, {**data, "params": "[1]"}).status_code == 200  # not an object
    assert not ReadinessIndicator.objects.filter(year=2027).exists()
    assert admin.post(add, data).status_code == 302
    assert ReadinessIndicator.objects.get(year=2027).params == {"min_responses": 3}


def test_the_sources_are_citations_in_no_language(client):
    text = client.get(_public(), {"year": YEAR}).content.decode()
    assert "SAQ e-Monev 2025 (Perki 1/2022); UU 14/2008 Pasal 10" in text
    assert "as published by" not in text


def test_a_deployment_seeded_with_english_sources_gets_citations_logged(transactional_db):
    migration = importlib.import_module("eppid.reports.migrations.0007_readiness_sources_as_citations")
    seeded = ReadinessIndicator.objects.filter(source__startswith=migration.NEW)
    changed = [row.pk for row in seeded.order_by("pk")[:3]]
    # What 0005 wrote before: recorded in the log as such, as it was then.
    for row in ReadinessIndicator.objects.filter(pk__in=changed):
        row.source = migration.OLD + row.source[len(migration.NEW) :]
        row.save(update_fields=["source"])
    edited = ReadinessIndicator.objects.exclude(pk__in=changed).first()
    edited.source = "Ditetapkan PPID Utama"
    edited.save(update_fields=["source"])

    migration.forward(apps, None)

    for row in ReadinessIndicator.objects.filter(pk__in=changed):
        assert row.source.startswith(migration.NEW + ";") and "as published" not in row.source
    assert ReadinessIndicator.objects.get(pk=edited.pk).source == "Ditetapkan PPID Utama"
    assert verify()[0] == 0
