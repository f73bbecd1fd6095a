"""Checks that a CSV or XLSX the product writes runs no formula in any spreadsheet (not a test module).

A spreadsheet opening a CSV picks the list separator of its locale: ``,`` in English, ``;`` in
Indonesian (and most of Europe), sometimes a tab. A value holding that separator is split there,
whatever quotes the writer put around it, so every place a separator can start a cell must be
safe, not only the first character of the value the writer meant as a cell.
"""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t", "|")


def dangerous_cells(data: bytes) -> list[tuple[str, str]]:
    """Every cell that starts with a formula trigger, as any spreadsheet might cut the file."""
    text = data.decode("utf-8-sig")
    found = []
    for separator in SEPARATORS:
        # A spreadsheet that honours quotes the way Python's csv module does...
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            found += [(separator, cell) for cell in row if cell.startswith(FORMULA_TRIGGERS)]
        # ...and one that cuts lines and separators blindly, quotes left in place.
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            for piece in line.split(separator):
                cell = piece.lstrip('" ')
                if cell.startswith(FORMULA_TRIGGERS):
                    found.append((f"blind {separator}", cell))
    return found


def assert_csv_runs_no_formula(data: bytes) -> None:
    found = dangerous_cells(data)
    assert not found, f"cells a spreadsheet would run as formulas: {found}"


def assert_xlsx_runs_no_formula(data: bytes) -> None:
    """Every cell of every sheet is a value: strings stay strings, nothing is a formula."""
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert cell.data_type in ("s", "inlineStr"), (sheet.title, cell.coordinate)
