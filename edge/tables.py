"""The one writer of CSV, XLSX and ODS tables for every export (dashboard, GIS CSV, surveys, the Abwägungstabelle).

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before one of them)
as a formula: `=HYPERLINK("https://evil.example";"Details")` in an idea's title would become a live link
in a planner's Excel. CSV has no cell types, so such text gets a leading apostrophe (what Excel itself
shows for text); XLSX has them, so the text stays as it is and is stored as a string, never a formula.
ODS (OpenDocument, for LibreOffice and the administration's open-format rules) types its cells the same way:
text is a string cell, never a formula. XLSX and ODS are XML, which cannot carry control characters: they are
dropped from every cell (edge.text refuses them at the input; older rows may still hold them), so an export
never fails halfway and leaves openpyxl's temporary files behind.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from odf import teletype
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import ParagraphProperties, Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from edge.text import strip_controls

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"  # German Excel reads UTF-8 (umlauts) only with it


@dataclass(frozen=True)
class Heading:
    """A row of one bold cell between the rows of a table (a group: a feature, a question)."""

    text: str


@dataclass(frozen=True)
class Sheet:
    """One sheet: the caption lines (the first as a title), the bold header, then the rows; a Heading is a
    bold row of its own. `widths` are the columns' widths in characters, `wrap` the 1-based columns whose
    long text wraps."""

    header: list[str]
    rows: Iterable[Iterable | Heading]
    title: str
    caption: Sequence[str] = ()
    widths: Sequence[int] = ()
    wrap: Sequence[int] = ()


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
    text = strip_controls(str(value))
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


BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _xlsx_cell(sheet, value, *, font=None, wrap: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.isoformat()  # XLSX has no time zones: the text keeps the offset
    if isinstance(value, str):
        value = strip_controls(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
    elif isinstance(value, datetime):
        cell.number_format = "DD.MM.YYYY HH:MM"
    if font is not None:
        cell.font = font
    if wrap:
        cell.alignment = WRAP
    return cell


def xlsx_bytes(sheet: Sheet) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=strip_controls(sheet.title)[:31])
    for column, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    for n, line in enumerate(sheet.caption):
        ws.append([_xlsx_cell(ws, line, font=Font(bold=True, size=14) if n == 0 else None)])
    if sheet.caption:
        ws.append([])
    ws.append([_xlsx_cell(ws, v, font=BOLD) for v in sheet.header])
    for row in sheet.rows:
        if isinstance(row, Heading):
            ws.append([_xlsx_cell(ws, row.text, font=BOLD)])
        else:
            ws.append([_xlsx_cell(ws, v, wrap=n in sheet.wrap) for n, v in enumerate(row, start=1)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods_style(doc, name: str, family: str, *properties) -> Style:
    style = Style(name=name, family=family)
    for item in properties:
        style.addElement(item)
    doc.automaticstyles.addElement(style)
    return style


def _ods_cell(value, style=None) -> TableCell:
    attrs = {"stylename": style} if style is not None else {}
    if isinstance(value, bool):
        value = "ja" if value else "nein"
    if isinstance(value, int | float | Decimal):
        cell = TableCell(valuetype="float", value=str(value), **attrs)
        cell.addElement(P(text=str(value)))
        return cell
    if isinstance(value, datetime | date):
        # ODS has no time zones either: an aware time keeps its offset as text, like XLSX
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.isoformat()
        else:
            cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attrs)
            cell.addElement(P(text=value.isoformat()))
            return cell
    cell = TableCell(valuetype="string", **attrs)
    if value is not None and value != "":
        paragraph = P()
        teletype.addTextToElement(paragraph, strip_controls(str(value)))  # line breaks become text:line-break
        cell.addElement(paragraph)
    return cell


def ods_bytes(sheet: Sheet) -> bytes:
    """The same sheet as xlsx_bytes, as OpenDocument (odfpy)."""
    doc = OpenDocumentSpreadsheet()
    bold = _ods_style(doc, "fett", "table-cell", TextProperties(fontweight="bold"))
    big = _ods_style(doc, "titel", "table-cell", TextProperties(fontweight="bold", fontsize="14pt"))
    wrapped = _ods_style(doc, "umbruch", "table-cell", TableCellProperties(wrapoption="wrap", verticalalign="top"),
                         ParagraphProperties())  # fmt: skip
    table = Table(name=strip_controls(sheet.title)[:31])
    for n, width in enumerate(sheet.widths):
        # A character of the default font is about 0.2 cm wide.
        column = _ods_style(
            doc, f"spalte{n}", "table-column", TableColumnProperties(columnwidth=f"{width * 0.2:.1f}cm")
        )
        table.addElement(TableColumn(stylename=column))
    for n, line in enumerate(sheet.caption):
        row = TableRow()
        row.addElement(_ods_cell(line, big if n == 0 else None))
        table.addElement(row)
    if sheet.caption:
        table.addElement(TableRow())
    row = TableRow()
    for value in sheet.header:
        row.addElement(_ods_cell(value, bold))
    table.addElement(row)
    for values in sheet.rows:
        row = TableRow()
        if isinstance(values, Heading):
            row.addElement(_ods_cell(values.text, bold))
        else:
            for n, value in enumerate(values, start=1):
                row.addElement(_ods_cell(value, wrapped if n in sheet.wrap else None))
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
