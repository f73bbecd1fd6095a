"""A table of rows written as CSV or XLSX: one writer for every register and report.

A ``Table`` has a title, a subtitle (unit and period), typed columns and rows (dicts keyed by
column key). The writers know nothing of requests, so the register of objections and the annual
report reuse them.

Spreadsheet safety: a cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab/carriage return)
could run as a formula when the file is opened (CSV injection). A spreadsheet opening a CSV cuts
it at the list separator of its locale: ``,`` in English but ``;`` in Indonesian, sometimes a tab
or ``|``, and a line break always; quotes do not help a reader that splits on another separator.
So ``formula_safe`` puts an apostrophe before a trigger wherever any of these can start a cell:
at the start of the value and after every separator (skipping the spaces and quotes a reader may
drop). The value stays readable (only apostrophes are added). XLSX cells are written as plain
strings, which spreadsheets never evaluate, so they keep the value as typed. Characters XML cannot
hold (control characters) are dropped from XLSX cells.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

TEXT, DATE, INTEGER, MONEY = "text", "date", "integer", "money"
KINDS = frozenset({TEXT, DATE, INTEGER, MONEY})

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a new cell inside a value, and what it may skip before the content.
CELL_SEPARATORS = frozenset(",;\t\r\n|")
CELL_LEAD = frozenset(' "')
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATE_FORMAT_XLSX = "dd/mm/yyyy"
DATE_FORMAT_TEXT = "%d/%m/%Y"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    width: int = 16  # characters, for XLSX

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Table:
    title: str
    subtitle: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)


def formula_safe(text: str) -> str:
    """Text no spreadsheet runs, whatever separator it splits on: an apostrophe before each
    formula trigger that starts a cell (the value's start, or after a separator, spaces and quotes)."""
    out = []
    cell_start = True
    for char in text:
        if cell_start and char in FORMULA_PREFIXES:
            out.append("'")
        out.append(char)
        if char in CELL_SEPARATORS:
            cell_start = True
        elif char not in CELL_LEAD:
            cell_start = False
    return "".join(out)


def as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"a date column holds dates, not {type(value).__name__}")


def _text(value) -> str:
    if value is None:
        return ""
    return str(value)


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the accents), header row first.

    The title and subtitle are not written: a CSV is for machines and for re-import; a header
    row and data rows only, dates as ISO 8601 (unambiguous in every locale).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_safe(column.label) for column in table.columns])
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = row.get(column.key)
            if column.kind == DATE:
                day = as_date(value)
                cells.append(day.isoformat() if day else "")
            elif column.kind in (INTEGER, MONEY) and isinstance(value, int) and not isinstance(value, bool):
                cells.append(str(value))
            else:
                cells.append(formula_safe(_text(value)))
        writer.writerow(cells)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_text(value) -> str:
    return _XML_ILLEGAL.sub("", _text(value))


def table_xlsx(table: Table, *, sheet_title: str = "Register") -> bytes:
    """One sheet: title (row 1), subtitle (row 2), header (row 4, frozen), data below."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _xlsx_text(sheet_title)[:31] or "Sheet"
    bold = Font(bold=True)
    sheet.cell(row=1, column=1, value=_xlsx_text(table.title)).font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=_xlsx_text(table.subtitle))
    for cell in (sheet.cell(row=1, column=1), sheet.cell(row=2, column=1)):
        cell.data_type = "s"
    header_row = 4
    fill = PatternFill("solid", fgColor="DDDDDD")
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=header_row, column=index, value=_xlsx_text(column.label))
        cell.data_type = "s"
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for offset, row in enumerate(table.rows, start=1):
        for index, column in enumerate(table.columns, start=1):
            value = row.get(column.key)
            cell = sheet.cell(row=header_row + offset, column=index)
            if column.kind == DATE:
                day = as_date(value)
                if day is not None:
                    cell.value = day
                    cell.number_format = DATE_FORMAT_XLSX
            elif column.kind in (INTEGER, MONEY) and isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
                cell.number_format = "#,##0" if column.kind == MONEY else "0"
            else:
                text = _xlsx_text(value)
                if text:
                    cell.value = text
                    cell.data_type = "s"  # never a formula, whatever it starts with
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if table.columns:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(table.rows), 1)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_json(table: Table) -> dict:
    """The same table for an API: column keys and labels, rows with ISO dates."""
    rows = []
    for row in table.rows:
        item = {}
        for column in table.columns:
            value = row.get(column.key)
            if column.kind == DATE:
                day = as_date(value)
                item[column.key] = day.isoformat() if day else None
            else:
                item[column.key] = value
        rows.append(item)
    return {
        "title": table.title,
        "subtitle": table.subtitle,
        "columns": [
            {"key": column.key, "label": column.label, "kind": column.kind} for column in table.columns
        ],
        "rows": rows,
    }
