"""The annual report (issue 13 item 3; contract api-v1.md section 1, ``annual_report``)."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time
from openpyxl import load_workbook
from tests.signing_support import pki_setup, signature_status
from tests.statistics_support import TODAY, register, unit, urls_loaded  # noqa: F401 - fixtures

from eppid.reports.annual import annual_report_build, annual_report_table
from eppid.reports.tables import table_csv
from eppid.signing.models import DocumentKind, IssuedDocument

pytestmark = pytest.mark.django_db


def _run(tmp_path, name="report.json", **options):
    output = tmp_path / name
    err = io.StringIO()
    arguments = {"year": "2026", "unit": "35.04", "format": "json", **options}
    call_command("annual_report", output=str(output), stderr=err, **arguments)
    return output, err.getvalue()


def _json(tmp_path, **options):
    output, _err = _run(tmp_path, **options)
    return json.loads(output.read_text(encoding="utf-8"))


@pytest.mark.usefixtures("register")
@pytest.mark.parametrize(("code", "scope"), [("35.04", "unit"), ("35", "tree"), ("35", "unit")])
def test_the_json_is_the_statistics_document_with_the_report(client, tmp_path, code, scope):
    with freeze_time(TODAY):
        api = client.get("/api/v1/statistics", {"unit": code, "year": "2026", "scope": scope}).json()
        report = _json(tmp_path, unit=code, scope=scope)
    assert set(api) <= set(report) and set(report) - set(api) == {"report"}
    assert {key: report[key] for key in api} == api
    sections = [section["key"] for section in report["report"]["sections"]]
    assert sections == [
        "policy",
        "implementation",
        "service",
        "disputes",
        "obstacles",
        "recommendations",
        "survey",
    ]
    narrative = [section for section in report["report"]["sections"] if "narrative" in section]
    assert {section["key"] for section in narrative} == {
        "policy",
        "implementation",
        "obstacles",
        "recommendations",
    }
    assert all(section["narrative"] == "" and section["written"] is False for section in narrative)
    assert report["report"]["period"] == {"year": 2026, "start": "2026-01-01", "end": "2026-12-31"}
    survey = report["report"]["sections"][-1]["survey"]
    assert "comments" not in survey and survey["responses"] == api["survey"]["responses"]


@pytest.mark.usefixtures("register")
def test_the_tree_is_the_sum_of_its_units(tmp_path):
    with freeze_time(TODAY):
        tree = _json(tmp_path, unit="35", scope="tree")
        parts = [_json(tmp_path, unit=code, scope="unit") for code in ("35", "35.03", "35.04")]
    for part in ("requests", "objections", "disputes"):
        for key, value in tree[part].items():
            if isinstance(value, int):
                assert value == sum(one[part][key] for one in parts), (part, key)
    assert tree["units"] > 3 and tree["requests"]["received"] == 14


@pytest.mark.usefixtures("register")
def test_csv_and_xlsx_hold_the_numbers(tmp_path):
    with freeze_time(TODAY):
        csv_file, progress = _run(tmp_path, "r.csv", format="csv")
        xlsx_file, _err = _run(tmp_path, "r.xlsx", format="xlsx")
        expected = annual_report_build(unit("35.04"), 2026, "unit")
    assert progress  # progress lines on stderr
    rows = list(csv.reader(io.StringIO(csv_file.read_bytes().decode("utf-8-sig"))))
    assert len(rows[0]) == 4
    by_code = {(row[0], row[2]): row[3] for row in rows[1:]}
    assert str(expected["requests"]["granted"]) in by_code.values()
    assert any(
        code == "granted" and value == str(expected["requests"]["granted"])
        for (_s, code), value in by_code.items()
    )
    assert any(code == "sample_size_required" for _s, code in by_code)
    sheet = load_workbook(xlsx_file).active
    cells = [tuple(row) for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert any(row[2] == "granted" and row[3] == str(expected["requests"]["granted"]) for row in cells)
    assert len(cells) == len(rows) - 1


def test_the_csv_guards_against_formulas(tmp_path):
    report = annual_report_build(unit("35.04"), 2026, "unit")
    report["unit_name"] = '=HYPERLINK("http://x")'
    report["report"]["sections"][2]["figures"][0]["title"] = "x"
    table = annual_report_table(report)
    table.rows.append({"section": "=1+1", "measure": "@SUM(A1)", "code": "-2", "value": "+3"})
    text = table_csv(table).decode("utf-8-sig")
    assert "'=1+1" in text and "'@SUM" in text and "'-2" in text and "'+3" in text


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def test_the_pdf_is_signed_and_has_the_statutory_headings(pki, tmp_path):
    output, progress = _run(tmp_path, "r.pdf", format="pdf", scope="tree")
    data = output.read_bytes()
    status = signature_status(data, pki)
    assert status.intact and status.valid and status.trusted
    document = IssuedDocument.objects.get(kind=DocumentKind.ANNUAL_REPORT)
    assert document.reference == "35.04-2026-tree" and document.is_signed
    assert document.code_display in progress
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(output), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    for heading in (
        "Laporan Layanan Informasi Publik",
        "Kebijakan layanan",
        "Sarana dan prasarana",
        "Rincian layanan",
        "Sengketa informasi",
        "Hambatan",
        "Rekomendasi dan tindak lanjut",
        "Survei kepuasan",
    ):
        assert heading.lower() in " ".join(text.split()).lower(), heading
    # A second issue replaces the first.
    _run(tmp_path, "r2.pdf", format="pdf", scope="tree")
    first, second = IssuedDocument.objects.filter(kind=DocumentKind.ANNUAL_REPORT).order_by(
        "created_at", "pk"
    )
    first.refresh_from_db()
    assert first.superseded_by == second


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"unit": "99.99"}, "--unit"),
        ({"unit": "'; DROP TABLE x;--"}, "--unit"),
        ({"year": "20x6"}, "--year"),
        ({"year": "1999"}, "--year"),
        ({"year": "2999"}, "--year"),
        ({"scope": "all"}, "--scope"),
        ({"format": "docx"}, "--format"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path, options, field):
    with pytest.raises(CommandError) as error:
        _run(tmp_path, **options)
    assert field in str(error.value)
    assert list(tmp_path.iterdir()) == [] or not (tmp_path / "report.json").exists()
    assert not IssuedDocument.objects.exists()


def test_an_output_in_a_missing_directory_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--output"):
        call_command(
            "annual_report",
            year="2026",
            unit="35.04",
            format="json",
            output=str(tmp_path / "no" / "r.json"),
        )


def test_the_arguments_as_typed_on_the_command_line(tmp_path):
    output = tmp_path / "r.json"
    call_command(
        "annual_report",
        *("--year", "2026", "--unit", "35.04", "--scope", "unit"),
        *("--format", "json", "--output", str(output)),
        stderr=io.StringIO(),
    )
    assert json.loads(output.read_text(encoding="utf-8"))["unit"] == "35.04"
    assert [path.name for path in tmp_path.iterdir()] == ["r.json"]  # no temporary file left
