"""The annual report, issued: narratives the PPID writes, the signed PDF with XLSX and CSV,
published as setiap-saat information, re-issued as new versions, packaged and recorded as sent
to the Komisi Informasi; through the console (and the command for the narratives in JSON).

A report is issued once its year is over and its narrative sections are written (the rules'
own tests: test_annual_report_issue_rules.py): these tests issue 2025, a finished year, with
every section written; the narratives of the running year are written and read as a draft."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from tests.signing_support import pki_setup

from eppid.catalog.choices import Category, EntryStatus, VersionStatus
from eppid.catalog.models import InformationEntry
from eppid.integrity.models import LogEntry
from eppid.reports.models import AnnualReportIssue, AnnualReportNarrative, AnnualReportSubmission

pytestmark = pytest.mark.django_db

PAGE = reverse("office:annual-report", kwargs={"code": "35.04"})
NARRATIVES = reverse("office:annual-report-narratives", kwargs={"code": "35.04"})
ISSUE = reverse("office:annual-report-issue", kwargs={"code": "35.04"})
YEAR = "2025"  # a finished year: its report may be issued
TEXT = {
    "policy": "Kebijakan layanan: SK PPID Nomor 12/2026.\n\nStandar layanan ditetapkan.",
    "implementation": "Ruang layanan informasi, dua petugas, anggaran Rp 25.000.000.",
    "obstacles": "Jaringan internet tidak stabil.",
    "recommendations": "Menambah petugas layanan pada 2027.",
}


def _file(pk, kind, code="35.04"):
    return reverse("office:annual-report-file", kwargs={"code": code, "pk": pk, "kind": kind})


@pytest.fixture
def ppid(make_staff, verified_client):
    return verified_client(make_staff("ppid", ("35.04", "ppid")))


@pytest.fixture
def signer(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def _narratives(client, year=YEAR, **changes):
    return client.post(NARRATIVES, {"year": year, "scope": "unit", **TEXT, **changes})


def _issue(client, prefix=""):
    return client.post(prefix + ISSUE, {"year": YEAR, "scope": "unit"})


def test_the_ppid_writes_the_narratives_and_they_fill_the_report(ppid, tmp_path):
    # Narratives may be written any time, while the year still runs too.
    response = _narratives(ppid, year="2026")
    assert response.status_code == 302 and response["Location"].startswith(PAGE)
    row = AnnualReportNarrative.objects.get(unit__code="35.04", year=2026, scope="unit")
    assert row.obstacles == TEXT["obstacles"]
    assert LogEntry.objects.filter(object_type="reports.AnnualReportNarrative").exists()
    page = ppid.get(PAGE, {"year": "2026"}).content.decode()
    assert "Jaringan internet tidak stabil." in page
    # The command's JSON: the same keys as before, the narratives in their sections.
    out = tmp_path / "r.json"
    call_command("annual_report", year="2026", unit="35.04", format="json", output=str(out))
    report = json.loads(out.read_text())
    sections = {section["key"]: section for section in report["report"]["sections"]}
    assert sections["policy"]["written"] and sections["policy"]["narrative"] == TEXT["policy"]
    assert sections["service"].get("narrative") is None
    assert [section["key"] for section in report["report"]["sections"]] == [
        "policy",
        "implementation",
        "service",
        "disputes",
        "obstacles",
        "recommendations",
        "survey",
    ]


@pytest.mark.parametrize(
    "field, value",
    [("policy", "ada\x00nul"), ("obstacles", "x" * 10_001), ("recommendations", "kiri\u202ekanan")],
)
def test_bad_narrative_text_is_refused_and_changes_nothing(ppid, field, value):
    _narratives(ppid)
    response = _narratives(ppid, **{field: value})
    assert response.status_code == 422 and "error-summary" in response.content.decode()
    assert AnnualReportNarrative.objects.get().policy == TEXT["policy"]


def test_only_the_ppid_of_the_unit_writes_or_issues(make_staff, verified_client, signer):
    # (verified_client signs the one test client in: one person at a time)
    province = verified_client(make_staff("prov", ("35", "ppid")))
    assert _narratives(province).status_code in (403, 404)
    officer = verified_client(make_staff("petugas", ("35.04", "officer")))
    assert _narratives(officer).status_code == 403
    assert _issue(officer).status_code == 403
    assert not AnnualReportNarrative.objects.exists() and not AnnualReportIssue.objects.exists()


def test_issuing_stores_the_files_and_publishes_a_setiap_saat_entry(ppid, signer):
    _narratives(ppid)
    assert _issue(ppid).status_code == 302
    issue = AnnualReportIssue.objects.get()
    assert issue.version == 1 and issue.document.is_signed
    entry = issue.entry
    assert entry.status == EntryStatus.PUBLISHED and entry.unit.code == "35.04"
    assert entry.current.category == Category.ON_DEMAND and entry.current.year == 2025
    # The PDF carries the narratives under the statutory headings, in order.
    pdf = ppid.get(_file(issue.pk, "pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    for phrase in ("Kebijakan layanan", "Jaringan internet tidak stabil", "Menambah petugas layanan"):
        assert phrase in flat
    assert flat.index("Kebijakan layanan") < flat.index("Hambatan") < flat.index("Rekomendasi")
    # The published entry holds the same signed PDF.
    document = entry.current.documents.get()
    assert document.sha256 == issue.document.sha256
    assert ppid.get(_file(issue.pk, "xlsx")).getvalue()[:2] == b"PK"
    assert b"sample_size_required" in ppid.get(_file(issue.pk, "csv")).getvalue()
    # The public sees it in the unit's list.
    public = ppid.get("/api/v1/information", {"unit": "35.04"})
    assert public.status_code == 200 and str(entry.pk) in public.content.decode()


def test_reissuing_makes_a_new_version_and_keeps_the_history(ppid, signer):
    _narratives(ppid)
    assert _issue(ppid).status_code == 302
    _narratives(ppid, obstacles="Hambatan baru ditemukan.")
    assert _issue(ppid).status_code == 302
    first, second = AnnualReportIssue.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.entry_id == second.entry_id and InformationEntry.objects.count() == 1
    entry = second.entry
    versions = list(entry.versions.order_by("version").values_list("status", flat=True))
    assert versions == [VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED]
    first.document.refresh_from_db()
    assert first.document.superseded_by_id == second.document_id
    page = ppid.get(PAGE, {"year": YEAR}).content.decode()
    assert _file(first.pk, "pdf") in page and _file(second.pk, "pdf") in page


def test_the_package_and_the_record_of_sending(ppid, signer):
    _narratives(ppid)
    assert _issue(ppid).status_code == 302
    issue = AnnualReportIssue.objects.get()
    package = ppid.get(_file(issue.pk, "zip"))
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert sorted(name.rsplit(".", 1)[1] for name in names) == ["csv", "pdf", "xlsx"]
    sent = reverse("office:annual-report-sent", kwargs={"code": "35.04", "pk": issue.pk})
    today = timezone.localdate()
    for bad in (
        {"sent_on": "kemarin", "channel": "email"},
        {"sent_on": (today + timedelta(days=1)).isoformat(), "channel": "email"},
        {"sent_on": today.isoformat(), "channel": "pigeon"},
        {"sent_on": today.isoformat(), "channel": "email", "reference": "a\x07b"},
    ):
        response = ppid.post(sent, bad)
        assert response.status_code == 422 and "error-summary" in response.content.decode()
    assert not AnnualReportSubmission.objects.exists()
    response = ppid.post(
        sent, {"sent_on": today.isoformat(), "channel": "email", "reference": "Surat 001/PPID/2027"}
    )
    assert response.status_code == 302
    record = AnnualReportSubmission.objects.get()
    assert record.recorded_by.username == "ppid" and record.channel == "email"
    assert "Surat 001/PPID/2027" in ppid.get(PAGE, {"year": YEAR}).content.decode()


def test_files_of_another_units_issue_are_not_found(ppid, signer, make_staff, verified_client):
    _narratives(ppid)
    assert _issue(ppid).status_code == 302
    issue = AnnualReportIssue.objects.get()
    other = verified_client(make_staff("other", ("35.03", "ppid")))  # signs the test client in anew
    assert other.get(_file(issue.pk, "pdf")).status_code == 404
    assert other.get(_file(issue.pk, "pdf", code="35.03")).status_code == 404
    assert ppid.get(_file(issue.pk, "exe")).status_code == 404
    # Statistics flow up: the province's staff may read the unit's issues.
    province = verified_client(make_staff("prov", ("35", "officer")))
    assert province.get(_file(issue.pk, "pdf")).status_code == 200


def test_a_province_issues_the_roll_up_of_its_units(make_staff, verified_client, signer):
    ppid = verified_client(make_staff("prov.ppid", ("35", "ppid")))
    page = reverse("office:annual-report", kwargs={"code": "35"})
    body = ppid.get(page, {"year": YEAR}).content.decode()
    assert 'value="tree"' in body
    period = {"year": YEAR, "scope": "tree"}
    ppid.post(reverse("office:annual-report-narratives", kwargs={"code": "35"}), {**period, **TEXT})
    response = ppid.post(reverse("office:annual-report-issue", kwargs={"code": "35"}), period)
    assert response.status_code == 302
    issue = AnnualReportIssue.objects.get()
    assert (issue.unit.code, issue.scope) == ("35", "tree") and issue.entry is not None


def test_a_regency_is_not_offered_a_roll_up(ppid):
    assert 'value="tree"' not in ppid.get(PAGE, {"year": YEAR}).content.decode()


def test_the_command_shows_progress_for_a_national_roll_up(tmp_path):
    err, out = io.StringIO(), io.StringIO()
    output = tmp_path / "national.json"
    call_command(
        "annual_report",
        year="2026",
        unit="00",
        scope="tree",
        format="json",
        output=str(output),
        stderr=err,
        stdout=out,
    )
    lines = err.getvalue().splitlines()
    assert any("552" in line for line in lines)  # the units below Bawaslu RI
    assert len(lines) >= 5 and all(line.startswith("[") and " s] " in line for line in lines)
    assert out.getvalue() == "" and json.loads(output.read_text())["report"]["scope"] == "tree"


def test_an_issue_waits_for_its_signature_then_the_ppid_publishes_it(ppid, signer, tmp_path):
    from eppid.signing.models import UnitCertificate
    from eppid.signing.services import signing_retry_pending

    p12 = signer / f"{UnitCertificate.objects.get(unit__code='35.04').name}.p12"
    hidden = tmp_path / "hidden.p12"
    p12.rename(hidden)  # the signer is unavailable
    _narratives(ppid)
    assert _issue(ppid).status_code == 302
    issue = AnnualReportIssue.objects.get()
    assert issue.entry is None and not issue.document.copy_available
    assert ppid.get(_file(issue.pk, "pdf")).status_code == 404
    assert ppid.get(_file(issue.pk, "zip")).status_code == 404
    publish = reverse("office:annual-report-publish", kwargs={"code": "35.04", "pk": issue.pk})
    ppid.post(publish)
    issue.refresh_from_db()
    assert issue.entry is None  # not signed: refused with a message, nothing published
    hidden.rename(p12)
    assert signing_retry_pending().signed == 1
    assert publish in ppid.get(PAGE, {"year": YEAR}).content.decode()
    assert ppid.post(publish).status_code == 302
    issue.refresh_from_db()
    assert issue.entry.status == EntryStatus.PUBLISHED
    assert ppid.get(_file(issue.pk, "pdf")).status_code == 200


def test_the_entry_is_in_indonesian_whatever_the_screen_language(ppid, signer):
    _narratives(ppid)
    assert _issue(ppid, prefix="/en").status_code == 302
    version = AnnualReportIssue.objects.get().entry.current
    assert version.title.startswith("Laporan Layanan Informasi Publik Tahunan 2025")
    assert version.responsible == "PPID Bawaslu Kabupaten Tulungagung"
