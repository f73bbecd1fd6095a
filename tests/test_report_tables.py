"""The table writers shared by every register: CSV for Excel, XLSX with real dates, no formulas."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from tests.spreadsheet_support import assert_csv_runs_no_formula, assert_xlsx_runs_no_formula

from eppid.reports.tables import (
    DATE,
    INTEGER,
    MONEY,
    Column,
    Table,
    formula_safe,
    table_csv,
    table_json,
    table_xlsx,
)


def _table(rows):
    return Table(
        title="Register permohonan informasi",
        subtitle="Bawaslu Kabupaten Tulungagung · 01/01/2026 - 31/01/2026",
        columns=[
            Column("number", "No.", INTEGER, 5),
            Column("name", "Nama", width=30),
            Column("received", "Tanggal", DATE, 12),
            Column("fee", "Biaya", MONEY, 10),
        ],
        rows=rows,
    )


ROWS = [
    {"number": 1, "name": "Siti Aminah", "received": date(2026, 1, 5), "fee": 0},
    {"number": 2, "name": '=HYPERLINK("http://x")', "received": date(2026, 1, 6), "fee": 15000},
    {"number": 3, "name": "+62 355", "received": None, "fee": None},
    {"number": 4, "name": "@SUM(A1)", "received": date(2026, 1, 7), "fee": 0},
    {"number": 5, "name": "-1+1", "received": date(2026, 1, 8), "fee": 0},
]


def test_csv_has_a_bom_a_header_and_neutralised_formulas():
    data = table_csv(_table(ROWS))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["No.", "Nama", "Tanggal", "Biaya"]
    assert rows[1] == ["1", "Siti Aminah", "2026-01-05", "0"]
    assert rows[2][1] == '\'=HYPERLINK("http://x")'
    assert rows[3][1] == "'+62 355"
    assert rows[3][2] == ""
    assert rows[4][1] == "'@SUM(A1)"
    assert rows[5][1] == "'-1+1"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_keeps_non_ascii_text():
    data = table_csv(_table([{"number": 1, "name": "Ñoño · Dewi Sartika – ü", "received": None}]))
    assert "Ñoño · Dewi Sartika – ü" in data.decode("utf-8-sig")


def test_xlsx_title_header_dates_widths_and_frozen_header():
    workbook = load_workbook(io.BytesIO(table_xlsx(_table(ROWS), sheet_title="Register")))
    sheet = workbook["Register"]
    assert sheet["A1"].value == "Register permohonan informasi"
    assert sheet["A2"].value.startswith("Bawaslu Kabupaten Tulungagung")
    assert [cell.value for cell in sheet[4]] == ["No.", "Nama", "Tanggal", "Biaya"]
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet["C5"].value.date() == date(2026, 1, 5)  # a real date, not text
    assert sheet["C5"].is_date
    assert sheet["D6"].value == 15000
    assert sheet["A5"].value == 1


def test_xlsx_never_writes_formulas():
    workbook = load_workbook(io.BytesIO(table_xlsx(_table(ROWS))))
    sheet = workbook.active
    names = [sheet.cell(row=row, column=2) for row in range(5, 10)]
    assert [cell.value for cell in names][1:] == ['=HYPERLINK("http://x")', "+62 355", "@SUM(A1)", "-1+1"]
    assert all(cell.data_type == "s" for cell in names)


def test_xlsx_drops_control_characters_instead_of_failing():
    data = table_xlsx(_table([{"number": 1, "name": "bad\x00\x07 name", "received": None}]))
    assert load_workbook(io.BytesIO(data)).active["B5"].value == "bad name"


def test_aware_datetimes_become_local_dates():
    # 20:00 UTC on 5 January is 6 January in Jakarta (UTC+7).
    table = _table([{"number": 1, "name": "x", "received": datetime(2026, 1, 5, 20, 0, tzinfo=UTC)}])
    assert table_json(table)["rows"][0]["received"] == "2026-01-06"


def test_a_date_column_refuses_text():
    with pytest.raises(TypeError):
        table_csv(_table([{"number": 1, "name": "x", "received": "2026-01-05"}]))


def test_empty_table_still_has_its_header():
    workbook = load_workbook(io.BytesIO(table_xlsx(_table([]))))
    assert [cell.value for cell in workbook.active[4]] == ["No.", "Nama", "Tanggal", "Biaya"]
    assert table_csv(_table([])).decode("utf-8-sig").strip() == "No.,Nama,Tanggal,Biaya"


# A separator inside a value starts a new cell for a spreadsheet that splits on it: ``;`` is the
# list separator of Indonesian (and most European) locales, a tab or a line break splits anywhere.
HIDDEN_FORMULAS = [
    'abc;=HYPERLINK("http://evil","klik")',
    "Siti, =1+1",
    "x;+62 355",
    "a;-2+3",
    "a;@SUM(A1)",
    "a\t=1",
    "a\n=1",
    "a\r\n=1",
    "a\r=1",
    'a;"=1"',
    'a;""=1',
    "a; =1",
    "a;\t=1",
    "a;\r=1",
    "a|=1",
    'a,";=1',
    "=1;=2,=3\t=4\n=5",
]


@pytest.mark.parametrize("name", HIDDEN_FORMULAS)
def test_csv_neutralises_a_formula_after_any_separator_in_a_value(name):
    table = _table([{"number": 1, "name": name, "received": None}])
    table.columns[1] = Column("name", name)  # the header row too
    data = table_csv(table)
    assert_csv_runs_no_formula(data)
    # Still one cell to a reader that splits on commas, reading as typed but for apostrophes.
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 2 and len(rows[1]) == 4
    assert rows[1][1].replace("'", "") == name.replace("'", "")
    assert rows[0][1] == rows[1][1]


def test_csv_leaves_ordinary_text_as_it_is():
    for text in ("Jl. Merdeka 1, Tulungagung", "0355 123456 / siti@example.org", "a - b", "Rp 15.000; lunas"):
        assert formula_safe(text) == text


@given(st.text(alphabet=st.sampled_from(list("=+-@\t\r\n,;|\"' a1(")), max_size=30))
def test_csv_runs_no_formula_whatever_the_text(text):
    data = table_csv(_table([{"number": 1, "name": text, "received": None}]))
    assert_csv_runs_no_formula(data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][1].replace("'", "") == text.replace("'", "")


@pytest.mark.parametrize("name", HIDDEN_FORMULAS)
def test_xlsx_keeps_every_value_a_string_as_typed(name):
    data = table_xlsx(_table([{"number": 1, "name": name, "received": date(2026, 1, 5), "fee": 0}]))
    assert_xlsx_runs_no_formula(data)
    cell = load_workbook(io.BytesIO(data)).active["B5"]
    assert cell.value == name.replace("\r\n", "\n").replace("\r", "\n") or cell.value == name
