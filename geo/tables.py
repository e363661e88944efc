"""The one writer of CSV and XLSX tables for every export (dashboard, GIS CSV, surveys).

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before one of them)
as a formula: `=HYPERLINK("https://evil.example";"Details")` in an idea's title would become a live link
in a planner's Excel. CSV has no cell types, so such text gets a leading apostrophe (what Excel itself
shows for text); XLSX has them, so the text stays as it is and is stored as a string, never a formula.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"  # German Excel reads UTF-8 (umlauts) only with it


def csv_cell(value) -> str | int | float | Decimal:
    """A value as a CSV cell: numbers stay numbers, text that a spreadsheet would run gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable], *, delimiter: str = ";") -> Iterator[str]:
    """The table as CSV lines (with the BOM first), for streaming or joining."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM
    yield writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_bytes(header: list[str], rows: Iterable[Iterable], *, delimiter: str = ";") -> bytes:
    return "".join(csv_lines(header, rows, delimiter=delimiter)).encode()


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value.isoformat() if isinstance(value, datetime) else value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
    return cell


def xlsx_bytes(header: list[str], rows: Iterable[Iterable], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, v) for v in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
