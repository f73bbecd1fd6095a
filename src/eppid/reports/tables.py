"""Tables as downloads: CSV (UTF-8 with BOM, for spreadsheet programs) and XLSX (openpyxl).

    table_csv(headers, rows) -> bytes;  table_xlsx(headers, rows, title="Register") -> bytes

Cells are text, numbers, dates or None. A text cell a spreadsheet would run as a formula (it
starts with =, +, -, @, tab or CR) gets a leading apostrophe (OWASP CSV injection) in both
formats, so a requester's statement can never execute in the reader's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31


def cell_safe(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, bool | int | float | date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value) -> str:
    value = cell_safe(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_text(header) for header in headers])
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(headers: Sequence[str], rows: Iterable[Sequence], title: str = "Register") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(cell_safe(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            safe = cell_safe(value)
            cell = WriteOnlyCell(sheet, value=safe)
            if isinstance(safe, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(safe, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(safe, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")
    return cleaned[:SHEET_TITLE_MAX] or "Sheet"
