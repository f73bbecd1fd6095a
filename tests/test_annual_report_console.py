"""The annual report in the console: review, downloads, issuing the signed PDF, and who may.
(Issued once the year is over with its narratives written: 2025 here; the rules themselves are
in test_annual_report_issue_rules.py.)"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from tests.signing_support import pki_setup

from eppid.signing.models import DocumentKind, IssuedDocument

pytestmark = pytest.mark.django_db
FINISHED = "2025"  # a finished year: its report may be issued
TEXT = {
    "policy": "Kebijakan layanan ditetapkan.",
    "implementation": "Dua petugas.",
    "obstacles": "Jaringan tidak stabil.",
    "recommendations": "Menambah petugas.",
}


def _page(code="35.04"):
    return reverse("office:annual-report", kwargs={"code": code})


def _issue(code="35.04"):
    return reverse("office:annual-report-issue", kwargs={"code": code})


def test_the_ppid_reviews_the_report_and_downloads_its_tables(make_staff, verified_client, client):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    page = signed_in.get(_page(), {"year": FINISHED})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kebijakan layanan" in text and "Rekomendasi dan tindak lanjut" in text
    assert "Belum diisi oleh PPID." in text and _issue() in text
    body = signed_in.get(_page(), {"year": "2026", "format": "json"})
    assert body["Content-Disposition"].startswith("attachment")
    report = json.loads(body.content)
    api = client.get("/api/v1/statistics", {"unit": "35.04", "year": "2026"}).json()
    assert {key: report[key] for key in api} == api and "report" in report
    rows = list(
        csv.reader(
            io.StringIO(signed_in.get(_page(), {"year": "2026", "format": "csv"}).content.decode("utf-8-sig"))
        )
    )
    assert len(rows) > 10
    xlsx = signed_in.get(_page(), {"year": "2026", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_the_statistics_page_links_the_report(make_staff, verified_client):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    assert (
        _page() in signed_in.get(reverse("office:unit-statistics", kwargs={"code": "35.04"})).content.decode()
    )


@pytest.mark.parametrize("year", ["20x6", "2005", "2999"])
def test_a_bad_year_is_422_with_a_message(make_staff, verified_client, year):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    response = signed_in.get(_page(), {"year": year})
    assert response.status_code == 422 and "error-summary" in response.content.decode()


def test_the_ppid_issues_the_signed_pdf(make_staff, verified_client, settings, tmp_path):
    pki_setup(settings, tmp_path)
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    narratives = reverse("office:annual-report-narratives", kwargs={"code": "35.04"})
    signed_in.post(narratives, {"year": FINISHED, "scope": "unit", **TEXT})
    response = signed_in.post(_issue(), {"year": FINISHED, "scope": "unit"})
    document = IssuedDocument.objects.get(kind=DocumentKind.ANNUAL_REPORT)
    assert response.status_code == 302 and response["Location"].startswith(_page())
    page = signed_in.get(response["Location"]).content.decode()
    assert document.is_signed and document.code_display in page
    pdf_link = reverse(
        "office:annual-report-file",
        kwargs={"code": "35.04", "pk": document.annual_report_issue.pk, "kind": "pdf"},
    )
    assert pdf_link in page
    pdf = signed_in.get(pdf_link)
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_who_may_see_and_who_may_issue(make_staff, verified_client, client):
    # Anonymous: to the sign-in page; a unit elsewhere: not found; an ancestor's officer: may
    # read (statistics flow up) but not issue; an officer of the unit: may read, not issue.
    assert client.get(_page()).status_code in (302, 403)
    assert verified_client(make_staff("other", ("35.03", "ppid"))).get(_page()).status_code == 404
    province = verified_client(make_staff("prov", ("35", "officer")))
    assert province.get(_page()).status_code == 200
    assert province.post(_issue(), {"year": FINISHED}).status_code in (403, 404)
    officer = verified_client(make_staff("petugas", ("35.04", "officer")))
    page = officer.get(_page(), {"year": FINISHED})  # a year the PPID may issue
    assert page.status_code == 200 and _issue() not in page.content.decode()
    assert officer.post(_issue(), {"year": FINISHED}).status_code == 403
    assert officer.get(_issue()).status_code == 405
    assert not IssuedDocument.objects.filter(kind=DocumentKind.ANNUAL_REPORT).exists()


def test_issuing_without_a_year_is_422_and_issues_nothing(make_staff, verified_client):
    signed_in = verified_client(make_staff("ppid", ("35.04", "ppid")))
    response = signed_in.post(_issue(), {"scope": "unit"})
    assert response.status_code == 422 and "error-summary" in response.content.decode()
    assert not IssuedDocument.objects.filter(kind=DocumentKind.ANNUAL_REPORT).exists()
