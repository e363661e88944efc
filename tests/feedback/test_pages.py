"""The pages: project panel, public list, a feature's page with its form, the review page and the table."""

import csv
import io

import pytest
from django.contrib.gis.geos import LineString
from openpyxl import load_workbook

from feedback import services
from feedback.models import Feedback
from tests.factories import FeatureFactory
from tests.feedback.factories import feedback_on


@pytest.fixture
def weighed(lane, planner):
    entries = feedback_on(lane, "++-0+-")
    services.feedback_decide(
        feedback=entries[0], actor=planner, decision="beruecksichtigt", reason="Wird umgesetzt, danke."
    )
    services.decisions_release(project=lane.layer.project, actor=planner)
    services.feedback_decide(feedback=entries[1], actor=planner, decision="zur_kenntnis", reason='=HYPERLINK("x")')
    return entries


def test_project_page_lists_the_features_to_respond_to(client, lane):
    feedback_on(lane, "+")
    html = client.get(lane.layer.project.get_absolute_url()).content.decode()
    assert "Rückmeldungen zur Planung" in html
    assert f'href="/vorhaben/radnetz-test/rueckmeldungen/objekt/{lane.pk}/"' in html
    assert "Teststraße" in html
    assert 'data-balance="few"' in html


def test_public_list_shows_released_decisions_only(client, weighed):
    html = client.get("/vorhaben/radnetz-test/rueckmeldungen/").content.decode()
    assert "Wird umgesetzt, danke." in html
    assert "HYPERLINK" not in html  # weighed but not released
    assert "6 veröffentlichte Rückmeldungen" in html


def test_feature_page_form_creates_feedback_and_shows_errors(client, citizen, lane):
    client.force_login(citizen)
    page = f"/vorhaben/radnetz-test/rueckmeldungen/objekt/{lane.pk}/"
    response = client.post(page, {"opinion": "dagegen", "text": "Zu weit.", "lon": "7.7675", "lat": "49.4480"})
    assert response.status_code == 400
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert '<a href="#feedback-map">Der Ort liegt' in summary
    assert "höchstens 100 m vom Objekt entfernt" in summary
    assert "<title>Fehler: Teststraße" in response.content.decode()
    response = client.post(
        page, {"opinion": "dagegen", "text": "Hier fehlt die Ampel.", "lon": "7.7675", "lat": "49.4439"}
    )
    assert response.status_code == 302
    assert "Hier fehlt die Ampel." in client.get(page).content.decode()


def test_closed_feature_page_shows_why_and_no_form(client, citizen, lane):
    lane.layer.feedback_open = False
    lane.layer.save()
    client.force_login(citizen)
    html = client.get(f"/vorhaben/radnetz-test/rueckmeldungen/objekt/{lane.pk}/").content.decode()
    assert "keine Rückmeldungen vorgesehen" in html
    assert 'id="feedback-form"' not in html


def test_review_page_is_for_staff_with_filters_and_progress(client, citizen, planner, weighed, lane, stadtteile):
    client.force_login(citizen)
    assert client.get("/vorhaben/radnetz-test/abwaegung/").status_code == 403
    client.force_login(planner)
    html = client.get("/vorhaben/radnetz-test/abwaegung/").content.decode()
    assert "2 von 6 abgewogen" in html
    html = client.get("/vorhaben/radnetz-test/abwaegung/", {"opinion": "dagegen", "state": "open"}).content.decode()
    assert "2 Rückmeldungen" in html
    other = FeatureFactory(layer=lane.layer, geom=LineString((7.80, 49.38), (7.801, 49.381), srid=4326))
    feedback_on(other, "+")
    html = client.get("/vorhaben/radnetz-test/abwaegung/", {"stadtteil": 14}).content.decode()
    assert "1 Rückmeldung" in html  # the one in Mölschbach
    assert client.get("/vorhaben/radnetz-test/abwaegung/", {"layer": "x"}).status_code == 400


def test_review_page_decides_and_releases(client, planner, lane, citizen, django_capture_on_commit_callbacks):
    (entry,) = feedback_on(lane, "-", author=citizen)
    client.force_login(planner)
    decision = {"decision": "nicht_beruecksichtigt", "decision_reason": "Die Straße ist zu schmal."}
    response = client.post(f"/vorhaben/radnetz-test/abwaegung/{entry.pk}/", decision)
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/vorhaben/radnetz-test/abwaegung/freigeben/")
    assert Feedback.objects.get().public_decision == "nicht_beruecksichtigt"


def test_moderator_cannot_weigh_through_the_page(client, moderator, lane):
    (entry,) = feedback_on(lane, "-")
    client.force_login(moderator)
    client.post(f"/vorhaben/radnetz-test/abwaegung/{entry.pk}/",
                {"decision": "beruecksichtigt", "decision_reason": "Ich bin keine Planerin."})  # fmt: skip
    assert Feedback.objects.get().decision == ""
    client.post(f"/vorhaben/radnetz-test/abwaegung/{entry.pk}/", {"action": "hide", "reason": "Beleidigend."})
    assert Feedback.objects.get().visibility == "hidden"


def test_decision_table_xlsx_and_csv_grouped_by_feature_and_safe(client, planner, weighed, lane):
    client.force_login(planner)
    book = load_workbook(io.BytesIO(client.get("/vorhaben/radnetz-test/abwaegungstabelle.xlsx").content))
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert rows[0][0].startswith("Abwägungstabelle")
    assert rows[4][0].startswith(f"{lane.layer.name} – Teststraße: 6 Rückmeldungen (3 dafür, 1 neutral, 2 dagegen)")
    assert rows[5][8] == "berücksichtigt"
    assert rows[6][9] == '=HYPERLINK("x")'
    assert book.active.cell(row=7, column=10).data_type == "s"  # text, not a formula
    response = client.get("/vorhaben/radnetz-test/abwaegungstabelle.csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:4] == ["Nr.", "Kartenebene", "Objekt-Nr.", "Objekt"]
    assert len(table) == 7
    assert client.get("/vorhaben/radnetz-test/abwaegungstabelle.ods").status_code == 404
    client.logout()
    assert client.get("/vorhaben/radnetz-test/abwaegungstabelle.csv").status_code in (302, 403)


def test_feature_page_shows_the_planners_labels_never_raw_field_names(client, layer, lane):
    layer.field_labels = [["breite_m", "Breite (m)"], ["strasse", "Straße"]]
    layer.save()
    html = client.get(f"/vorhaben/{layer.project.slug}/rueckmeldungen/objekt/{lane.pk}/").content.decode()
    assert "<dt>Breite (m)</dt><dd>1.85</dd><dt>Straße</dt><dd>Teststraße</dd>" in html
    assert "breite_m" not in html
    assert ">strasse<" not in html
