"""verify_integrity catches tampering with what the less visible records hold (contract section 5):
a column that decides what the application does later, a stored file kept beside its SHA-256."""

from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from tests.integrity_support import verify
from tests.signing_support import issue_sample, pki_setup

from eppid.reports.models import AnnualReportIssue

pytestmark = [pytest.mark.django_db, pytest.mark.tampers]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def signer(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def test_a_documents_retention_clock_moved_back_with_sql_is_named(signer):
    """A signed receipt's created_at starts its retention clock (signing/retention.py): moved back
    by hand, the next apply_retention would delete the copy and log that as its own doing."""
    receipt = issue_sample()
    assert verify()[0] == 0
    raw(
        "UPDATE signing_issueddocument SET created_at = %s WHERE id = %s", ["2001-01-01 00:00:00", receipt.pk]
    )
    code, out = verify()
    assert code == 1
    assert f"records: signing.IssuedDocument {receipt.pk} " in out
    assert "differs from its last log entry" in out


TEXT = {
    "policy": "Kebijakan layanan.",
    "implementation": "Ruang layanan informasi.",
    "obstacles": "Jaringan tidak stabil.",
    "recommendations": "Menambah petugas.",
}


@pytest.fixture
def annual_issue(signer, make_staff, verified_client):
    client = verified_client(make_staff("ppid", ("35.04", "ppid")))
    narratives = reverse("office:annual-report-narratives", kwargs={"code": "35.04"})
    assert client.post(narratives, {"year": "2025", "scope": "unit", **TEXT}).status_code == 302
    issue = reverse("office:annual-report-issue", kwargs={"code": "35.04"})
    assert client.post(issue, {"year": "2025", "scope": "unit"}).status_code == 302
    return AnnualReportIssue.objects.get(unit__code="35.04", year=2025, scope="unit")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_annual_report_table_changed_on_disk_is_named(annual_issue, settings, kind):
    """The XLSX and CSV sent to the Komisi Informasi are stored with their SHA-256 in the record."""
    assert verify()[0] == 0
    stored = Path(settings.MEDIA_ROOT) / getattr(annual_issue, kind).name
    stored.write_bytes(stored.read_bytes() + b"\n")
    code, out = verify()
    assert code == 1
    assert f"files: reports.AnnualReportIssue {annual_issue.pk} " in out
    assert "a stored file does not match its recorded SHA-256" in out


def test_an_annual_report_table_swapped_for_another_file_is_named(annual_issue, settings):
    assert verify()[0] == 0
    raw("UPDATE reports_annualreportissue SET csv = xlsx WHERE id = %s", [annual_issue.pk])
    code, out = verify()
    assert code == 1
    assert f"reports.AnnualReportIssue {annual_issue.pk} " in out
