"""Hole 6 for feedback: a control character is refused at the input, and an older row that holds one still
exports (the Abwägungstabelle through the one table writer), without temporary files left behind."""

import io
import tempfile

from openpyxl import load_workbook

from feedback.models import Feedback
from tests.feedback.factories import feedback_on


def test_a_control_character_in_feedback_is_refused_on_the_page_and_in_the_api(client, citizen, lane):
    client.force_login(citizen)
    page = client.post(
        f"/vorhaben/radnetz-test/rueckmeldungen/objekt/{lane.pk}/", {"opinion": "dafuer", "text": "Gut\x0bso"}
    )
    assert page.status_code == 400
    assert "Steuerzeichen" in page.content.decode()
    api = client.post(
        f"/api/v1/layers/{lane.layer_id}/features/{lane.pk}/feedback/",
        '{"opinion": "dafuer", "text": "Gut\\u000bso"}',
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["code"] == "control_characters"
    assert not Feedback.objects.exists()


def test_the_decision_table_exports_an_older_entry_with_a_control_character(
    client, planner, lane, tmp_path, monkeypatch
):
    entry = feedback_on(lane, "+")[0]
    Feedback.objects.filter(pk=entry.pk).update(text="Bitte\x0bbreiter\x1fbauen")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.force_login(planner)
    response = client.get("/vorhaben/radnetz-test/abwaegungstabelle.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[5][6] == "Bittebreiterbauen"
    assert list(tmp_path.iterdir()) == []
    table = client.get("/vorhaben/radnetz-test/abwaegungstabelle.csv").content.decode("utf-8-sig")
    assert "Bittebreiterbauen" in table
