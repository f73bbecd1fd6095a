"""When the annual report may be issued (decision 1410, amended): only once its year is over
(Asia/Jakarta, from 1 January of the year after) and only with every statutory narrative section
written. The rule is the domain service's, so the console and the staff API both refuse, naming
what is missing, and nothing is signed, stored or published. The command's report (JSON, CSV,
XLSX, PDF) is not an issue: it is made for any year, its empty sections saying so."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time
from tests.auth_support import bearer_headers
from tests.signing_support import pki_setup

from eppid.catalog.models import InformationEntry
from eppid.reports.models import AnnualReportIssue
from eppid.signing.models import DocumentKind, IssuedDocument

pytestmark = pytest.mark.django_db

PAGE = reverse("office:annual-report", kwargs={"code": "35.04"})
NARRATIVES = reverse("office:annual-report-narratives", kwargs={"code": "35.04"})
ISSUE = reverse("office:annual-report-issue", kwargs={"code": "35.04"})
API_NARRATIVES = "/api/v1/staff/annual-reports/35.04/{year}/narratives"
API_ISSUE = "/api/v1/staff/annual-reports/35.04/{year}/issue"
TEXT = {
    "policy": "SK PPID Nomor 12/2026 tentang standar layanan.",
    "implementation": "Satu ruang layanan, dua petugas, anggaran Rp 25.000.000.",
    "obstacles": "Jaringan internet tidak stabil.",
    "recommendations": "Menambah petugas layanan pada 2027.",
}
HEADINGS_ID = {
    "implementation": "Pelaksanaan layanan: sarana dan prasarana, sumber daya manusia, dan anggaran",
    "obstacles": "Hambatan dan kendala",
    "recommendations": "Rekomendasi dan tindak lanjut",
}
HEADINGS_EN = {
    "implementation": "Service implementation: facilities, staff and budget",
    "obstacles": "Obstacles",
    "recommendations": "Recommendations and follow-up",
}
# Asia/Jakarta is UTC+7: 2026 is over at 17:00 UTC on 31 December.
LAST_MINUTE_OF_2026 = datetime(2026, 12, 31, 16, 59, tzinfo=UTC)
NEW_YEAR_2027 = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
RUNNING = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
NEXT_YEAR = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing is the point


@pytest.fixture
def signer(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def _nothing_issued() -> bool:
    return (
        not AnnualReportIssue.objects.exists()
        and not IssuedDocument.objects.filter(kind=DocumentKind.ANNUAL_REPORT).exists()
        and not InformationEntry.objects.exists()
    )


def _summary(html: str) -> str:
    """The error summary's text, whitespace folded."""
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert match, "no error summary on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def _sign_in(make_staff, verified_client):
    return verified_client(make_staff("ppid", ("35.04", "ppid")))


# The console ----------------------------------------------------------------------------------


def test_the_page_offers_no_issue_for_the_running_year_and_says_from_when(make_staff, verified_client):
    with freeze_time(RUNNING):
        ppid = _sign_in(make_staff, verified_client)
        body = ppid.get(PAGE, {"year": "2026", "scope": "unit"}).content.decode()
        assert ISSUE not in body
        assert "dapat diterbitkan mulai 1 Januari 2027" in body and 'id="issue"' in body
        # The narratives are written during the year, and the tables downloaded as a draft.
        assert NARRATIVES in body and 'name="policy"' in body
        for file_format in ("json", "csv", "xlsx"):
            download = ppid.get(PAGE, {"year": "2026", "scope": "unit", "format": file_format})
            assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
        english = ppid.get("/en" + PAGE, {"year": "2026", "scope": "unit"}).content.decode()
        assert "can be issued from 1 January 2027" in english and ISSUE not in english
        # Last year's report is offered.
        assert ISSUE in ppid.get(PAGE, {"year": "2025", "scope": "unit"}).content.decode()


@pytest.mark.parametrize("prefix, day", [("", "1 Januari 2027"), ("/en", "1 January 2027")])
def test_issuing_the_running_year_is_refused_and_changes_nothing(
    make_staff, verified_client, signer, prefix, day
):
    with freeze_time(LAST_MINUTE_OF_2026):
        ppid = _sign_in(make_staff, verified_client)
        assert ppid.post(NARRATIVES, {"year": "2026", "scope": "unit", **TEXT}).status_code == 302
        response = ppid.post(prefix + ISSUE, {"year": "2026", "scope": "unit"})
        assert response.status_code == 422
        summary = _summary(response.content.decode())
        assert day in summary and "2026" in summary
        assert _nothing_issued()


def test_the_year_is_over_at_midnight_in_jakarta(make_staff, verified_client, signer):
    with freeze_time(NEW_YEAR_2027):
        ppid = _sign_in(make_staff, verified_client)
        ppid.post(NARRATIVES, {"year": "2026", "scope": "unit", **TEXT})
        response = ppid.post(ISSUE, {"year": "2026", "scope": "unit"})
        assert response.status_code == 302
        issue = AnnualReportIssue.objects.get()
        assert issue.year == 2026 and issue.document.is_signed and issue.entry is not None


@pytest.mark.parametrize(
    "prefix, headings, message",
    [
        ("", HEADINGS_ID, "Isi bagian “{}” sebelum menerbitkan laporan."),
        ("/en", HEADINGS_EN, "Write the section “{}” before issuing the report."),
    ],
)
def test_empty_sections_are_refused_each_named_by_its_heading(
    make_staff, verified_client, signer, prefix, headings, message
):
    with freeze_time(NEXT_YEAR):
        ppid = _sign_in(make_staff, verified_client)
        # One section written, one only blank space: three are missing.
        written = {"policy": TEXT["policy"], "obstacles": "  \n "}
        ppid.post(NARRATIVES, {"year": "2026", "scope": "unit", **written})
        response = ppid.post(prefix + ISSUE, {"year": "2026", "scope": "unit"})
        assert response.status_code == 422
        html = response.content.decode()
        summary = _summary(html)
        for key, heading in headings.items():
            assert message.format(heading) in summary
            assert f'href="#id_{key}"' in html  # the summary leads to the section's field
        assert "Kebijakan layanan" not in summary and "Service policy" not in summary
        # The page keeps what was written, beside the errors.
        assert TEXT["policy"] in html
        assert _nothing_issued()


def test_with_no_narratives_at_all_every_section_is_named(make_staff, verified_client, signer):
    with freeze_time(NEXT_YEAR):
        ppid = _sign_in(make_staff, verified_client)
        response = ppid.post(ISSUE, {"year": "2026", "scope": "unit"})
        assert response.status_code == 422
        summary = _summary(response.content.decode())
        for heading in ("Kebijakan layanan informasi publik", *HEADINGS_ID.values()):
            assert heading in summary
        assert _nothing_issued()


def test_a_finished_year_with_every_section_written_is_issued(make_staff, verified_client, signer):
    with freeze_time(NEXT_YEAR):
        ppid = _sign_in(make_staff, verified_client)
        ppid.post(NARRATIVES, {"year": "2026", "scope": "unit", **TEXT})
        response = ppid.post(ISSUE, {"year": "2026", "scope": "unit"})
        assert response.status_code == 302
        issue = AnnualReportIssue.objects.get()
        assert issue.entry.current.year == 2026
        page = ppid.get(response["Location"]).content.decode()
        assert issue.document.code_display in page


# The staff API --------------------------------------------------------------------------------


def _put(client, year, body, **headers):
    return client.put(API_NARRATIVES.format(year=year), body, content_type="application/json", **headers)


def _issue(client, year, **headers):
    url = API_ISSUE.format(year=year)
    return client.post(url, {"scope": "unit"}, content_type="application/json", **headers)


def test_the_api_refuses_the_running_year_naming_the_year(client, make_staff):
    with freeze_time(RUNNING):
        ppid = bearer_headers(make_staff("ppid", ("35.04", "ppid")))
        assert _put(client, 2026, TEXT, **ppid).status_code == 200
        response = _issue(client, 2026, HTTP_ACCEPT_LANGUAGE="en", **ppid)
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert set(errors) == {"year"} and "1 January 2027" in errors["year"][0]
        indonesian = _issue(client, 2026, HTTP_ACCEPT_LANGUAGE="id", **ppid).json()["errors"]
        assert "1 Januari 2027" in indonesian["year"][0]
        assert _nothing_issued()


def test_the_api_names_every_empty_section_and_the_year_together(client, make_staff):
    with freeze_time(RUNNING):
        ppid = bearer_headers(make_staff("ppid", ("35.04", "ppid")))
        _put(client, 2026, {"policy": TEXT["policy"]}, **ppid)
        errors = _issue(client, 2026, HTTP_ACCEPT_LANGUAGE="en", **ppid).json()["errors"]
        assert set(errors) == {"year", *HEADINGS_EN}
        for key, heading in HEADINGS_EN.items():
            assert heading in errors[key][0]
        assert _nothing_issued()


def test_the_api_issues_a_finished_year_with_its_narratives(client, make_staff, signer):
    with freeze_time(NEXT_YEAR):
        ppid = bearer_headers(make_staff("ppid", ("35.04", "ppid")))
        _put(client, 2026, {"policy": TEXT["policy"]}, **ppid)
        refused = _issue(client, 2026, HTTP_ACCEPT_LANGUAGE="id", **ppid)
        assert refused.status_code == 422
        assert HEADINGS_ID["obstacles"] in refused.json()["errors"]["obstacles"][0]
        assert _nothing_issued()
        _put(client, 2026, TEXT, **ppid)
        issued = _issue(client, 2026, **ppid)
        assert issued.status_code == 201 and issued.json()["signed"] and issued.json()["information_entry"]


# The command: not an issue, any year --------------------------------------------------------


def test_the_command_still_makes_the_running_years_report_in_every_format(signer, tmp_path):
    with freeze_time(RUNNING):
        for file_format in ("json", "csv", "xlsx", "pdf"):
            out = tmp_path / f"r.{file_format}"
            call_command("annual_report", year="2026", unit="35.04", format=file_format, output=str(out))
            assert out.stat().st_size > 0
        report = json.loads((tmp_path / "r.json").read_text())
        sections = {section["key"]: section for section in report["report"]["sections"]}
        assert not sections["policy"]["written"]
        assert report["report"]["narrative_note"] == "Belum diisi oleh PPID."
        assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    assert not AnnualReportIssue.objects.exists() and not InformationEntry.objects.exists()
