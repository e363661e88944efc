"""Staff-only pages for every role, the table and the map agree, exports read back, public results."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from accounts.roles import Role
from tests.factories import UserFactory

PAGES = ["dashboard:index", "dashboard:density", "dashboard:trends"]
EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//|url\(\s*[\"']?(?:https?:)?//", re.I
)


@pytest.fixture
def planner_client(client):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    return client


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("name", [*PAGES, "dashboard:map-export"])
def test_citizen_is_refused(client, name):
    client.force_login(UserFactory())
    url = reverse(name, args=["png"]) if name == "dashboard:map-export" else reverse(name)
    assert client.get(url).status_code == 403
    assert client.get(reverse("dashboard:table-export", args=["gebiete", "csv"])).status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_every_staff_role_sees_every_page(client, role, known_ideas):
    client.force_login(UserFactory(roles=[role]))
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    # the header leads to the staff start page, which links the dashboard
    assert 'href="/verwaltung/"' in client.get(reverse("layers:project-list")).content.decode()
    assert 'href="/auswertung/"' in client.get(reverse("staff-start")).content.decode()


def test_nav_item_hidden_from_citizens(client, db):
    client.force_login(UserFactory())
    assert 'href="/verwaltung/"' not in client.get(reverse("layers:project-list")).content.decode()


def test_map_html_references_no_external_assets(planner_client, known_ideas):
    project = known_ideas["project"]
    for name in PAGES:
        html = planner_client.get(reverse(name), {"project": project.pk}).content.decode()
        assert "folium-map" in html or name == "dashboard:trends"
        assert not EXTERNAL.search(html), name
        assert "cdn" not in html.lower()


def test_table_matches_map_and_sorts_on_the_server(planner_client, known_ideas):
    response = planner_client.get(reverse("dashboard:index"), {"sort": "ideas", "dir": "desc"})
    rows = response.context["rows"]
    assert [r["ideas"] for r in rows][:3] == [3, 2, 2]
    html = response.content.decode()
    # every district's fill in the map's style is the swatch colour in its table row
    colors = response.context["colors"]
    for row in rows:
        assert f'data-district="{row["id"]}" data-color="{colors[row["id"]]}"' in html
    assert f'"district_id": {rows[0]["id"]}' in html or f'"district_id":{rows[0]["id"]}' in html
    assert 'aria-sort="descending"' in html
    ascending = planner_client.get(reverse("dashboard:index"), {"sort": "ideas"}).context["rows"]
    assert [r["ideas"] for r in ascending][-1] == 3


def test_invalid_filters_get_a_german_message(planner_client, db):
    response = planner_client.get(reverse("dashboard:index"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Das Ende des Zeitraums liegt vor seinem Anfang." in response.content.decode()
    response = planner_client.get(reverse("dashboard:density"), {"cell": "5"})
    assert response.status_code == 200
    assert response.context["filters"].cell_m == 500


def test_csv_export_reads_back(planner_client, known_ideas):
    response = planner_client.get(
        reverse("dashboard:table-export", args=["gebiete", "csv"]), {"category": known_ideas["gruen"].pk}
    )
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][1] == "Gebiet"
    assert len(rows) == 19
    ideas = {int(r[0]): int(r[3]) for r in rows[1:]}
    assert ideas[1] == 3
    assert ideas[12] == 2
    assert ideas[5] == 0


def test_xlsx_exports_read_back(planner_client, known_ideas):
    for table in ("gebiete", "verlauf", "top-ideen"):
        response = planner_client.get(reverse("dashboard:table-export", args=[table, "xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.values)
        assert len(values) > 1, table
    sheet = load_workbook(
        io.BytesIO(planner_client.get(reverse("dashboard:table-export", args=["gebiete", "xlsx"])).content)
    ).active
    assert sum(row[3] for row in list(sheet.values)[1:]) == 7


def test_map_exports(planner_client, known_ideas):
    png = planner_client.get(reverse("dashboard:map-export", args=["png"]), {"level": "ortsbezirk"})
    image = Image.open(io.BytesIO(png.content))
    image.verify()
    assert image.format == "PNG"
    assert image.size == (800, 800)
    html = planner_client.get(reverse("dashboard:map-export", args=["html"])).content.decode()
    assert not EXTERNAL.search(html)
    assert "/static/" not in html  # nothing to fetch from the site either: it works offline
    assert "L.version" in html or "Leaflet" in html
    assert "Legende" in html
    assert planner_client.get(reverse("dashboard:map-export", args=["pdf"])).status_code == 404


def test_moderator_sees_small_survey_counts_suppressed(client, known_survey):
    f = {"survey": known_survey["survey"].pk}
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    rows = {r["number"]: r for r in client.get(reverse("dashboard:index"), f).context["rows"]}
    assert rows[3]["responses"] is None
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    rows = {r["number"]: r for r in client.get(reverse("dashboard:index"), f).context["rows"]}
    assert rows[3]["responses"] == 3


def test_density_page_shows_map_answers_grid(planner_client, known_survey):
    response = planner_client.get(reverse("dashboard:density"), {"question": known_survey["point"].pk})
    assert response.context["answers"] is True
    assert response.context["cell_count"] == 1


def test_dashboard_page_queries_with_warm_cache(planner_client, known_ideas, django_assert_max_num_queries):
    planner_client.get(reverse("dashboard:index"))
    # session, user, groups/permissions and the form's choice lists; no aggregate runs again
    with django_assert_max_num_queries(12):
        response = planner_client.get(reverse("dashboard:index"))
    assert response.status_code == 200  # a redirect or 403 would pass the count with nothing rendered
    rows = {r["number"]: r for r in response.context["rows"]}
    assert (rows[1]["ideas"], rows[5]["ideas"], rows[12]["ideas"]) == (3, 2, 2)


def test_public_project_results(client, known_ideas, known_survey):
    project = known_ideas["project"]
    page = client.get(reverse("layers:project-detail", args=[project.slug])).content.decode()
    assert reverse("dashboard:project-results", args=[project.slug]) in page
    response = client.get(reverse("dashboard:project-results", args=[project.slug]))
    assert response.status_code == 200
    rows = {r["number"]: r for r in response.context["rows"]}
    assert rows[1]["ideas"] == 1
    assert rows[12]["ideas"] == 1
    assert not EXTERNAL.search(response.content.decode())
    survey_project = known_survey["project"]
    page = client.get(reverse("layers:project-detail", args=[survey_project.slug])).content.decode()
    assert reverse("dashboard:survey-results", args=[known_survey["survey"].slug]) in page
    rows = {
        r["number"]: r
        for r in client.get(reverse("dashboard:project-results", args=[survey_project.slug])).context["rows"]
    }
    assert 6 <= rows[2]["responses"] <= 8  # six respondents, perturbed (docs/privacy.md)
    assert rows[2]["perturbed"] is True
    assert rows[3]["responses"] is None


def test_public_answers_of_most_supported_ideas(client, known_ideas):
    known_ideas["ideas"][3].project = known_ideas["project"]
    known_ideas["ideas"][3].save()
    response = client.get(reverse("dashboard:project-results", args=[known_ideas["project"].slug]))
    assert "Wird umgesetzt." in response.content.decode()


def test_public_survey_results_only_after_close(client, known_survey, known_ideas):
    survey = known_survey["survey"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:survey-results", args=[survey.slug]))
    assert response.status_code == 200
    # A survey's results are about its respondents: the city's ideas are neither counted nor shown.
    assert not [q["sql"] for q in queries if "proposals_idea" in q["sql"]]
    assert "Ideen je 1.000" not in response.content.decode()
    rows = {r["number"]: r for r in response.context["rows"]}
    assert rows[1]["ideas"] is None
    assert 6 <= rows[2]["responses"] <= 8  # six respondents, perturbed (docs/privacy.md)
    assert rows[2]["perturbed"] is True
    assert rows[3]["responses"] is None
    survey.results_public = False
    survey.save()
    assert client.get(reverse("dashboard:survey-results", args=[survey.slug])).status_code == 404


def test_project_layers_are_drawn_as_context(planner_client, known_ideas):
    from tests.factories import FeatureFactory, LayerFactory

    layer = LayerFactory(project=known_ideas["project"], name="Radweg-Planung")
    FeatureFactory(layer=layer)
    html = planner_client.get(reverse("dashboard:index"), {"project": known_ideas["project"].pk}).content.decode()
    assert "Radweg-Planung" in html
    assert "7.77" in html  # the feature's coordinates
    assert "Radweg-Planung" not in planner_client.get(reverse("dashboard:index")).content.decode()


def test_survey_results_page_shows_no_idea_answers(client, known_ideas, known_survey):
    response = client.get(reverse("dashboard:survey-results", args=[known_survey["survey"].slug]))
    assert response.context["answered"] == []


def test_density_map_exports_as_standalone_html(planner_client, known_ideas):
    page = planner_client.get(reverse("dashboard:density")).content.decode()
    assert "map=dichte" in page
    html = planner_client.get(reverse("dashboard:map-export", args=["html"]), {"map": "dichte", "cell": 300}).content
    html = html.decode()
    assert not EXTERNAL.search(html)
    assert "Ideen je Zelle" in html
    assert '"count": 3' in html or '"count":3' in html  # the three ideas at the label point of Stadtteil 1


def _red_pixels(content: bytes) -> int:
    """Pixels in the darkest class colour (#bd0026), which only the densest cells (and their legend swatch) get."""
    colours = Image.open(io.BytesIO(content)).convert("RGB").getcolors(maxcolors=1_000_000)
    return {colour: n for n, colour in colours}.get((0xBD, 0x00, 0x26), 0)


def test_density_map_exports_as_png(planner_client, known_ideas):
    page = planner_client.get(reverse("dashboard:density")).content.decode()
    assert "karte.png?map=dichte" in page
    url = reverse("dashboard:map-export", args=["png"])
    response = planner_client.get(url, {"map": "dichte", "cell": 2000})
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    assert image.size == (800, 800)
    # 3 ideas in Stadtteil 1's cell, 2 in Stadtteil 5's and 12's: the densest cell is red, and a bigger cell
    # covers more of the image; without ideas only the outlines are drawn
    big = _red_pixels(response.content)
    small = _red_pixels(planner_client.get(url, {"map": "dichte", "cell": 200}).content)
    empty = _red_pixels(planner_client.get(url, {"map": "dichte", "status": "umgesetzt"}).content)
    assert big > small > 0
    assert empty == 0
    colours = Image.open(io.BytesIO(response.content)).convert("RGB").getcolors(maxcolors=100_000)
    assert len(colours) > 10


def test_density_png_title_names_the_filters(known_ideas):
    from dashboard.filters import Filters
    from dashboard.views import density_title

    title = density_title(Filters(project_id=known_ideas["project"].pk, cell_m=300, hexagons=True), "Ideen je Zelle")
    assert title.splitlines() == ["Ideen je Zelle (300 m, Sechsecke)", "Vorhaben: P"]


@pytest.mark.parametrize("role", list(Role))
def test_density_png_for_every_staff_role(client, role, known_survey):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(
        reverse("dashboard:map-export", args=["png"]), {"map": "dichte", "question": known_survey["point"].pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_density_png_refused_to_citizens_and_anonymous(client, db):
    url = reverse("dashboard:map-export", args=["png"])
    assert client.get(url, {"map": "dichte"})["Location"].startswith("/konto/login/")
    client.force_login(UserFactory())
    assert client.get(url, {"map": "dichte"}).status_code == 403


def test_a_cached_results_page_carries_a_nonce_of_its_own_response(client, known_ideas):
    """The page cache (config/pagecache.py) shares the page, never a nonce: each answer's inline map script has
    the nonce that this answer's CSP header names, and two answers have two nonces."""
    url = reverse("dashboard:project-results", args=[known_ideas["project"].slug])
    cache.clear()
    nonces = []
    with override_settings(PAGE_CACHE_SECONDS=5):
        for visitor in (client, Client(), Client()):
            response = visitor.get(url)
            header = next(p for p in response["Content-Security-Policy"].split(";") if "script-src" in p)
            nonce = re.search(r"'nonce-([^']+)'", header).group(1)
            assert f'<script nonce="{nonce}">' in response.content.decode()
            nonces.append((nonce, response.get("X-Page-Cache")))
    cache.clear()
    assert [hit for _n, hit in nonces] == [None, "hit", "hit"]
    assert len({n for n, _hit in nonces}) == 3


def test_filter_hints_and_errors_are_what_the_fields_name(client, known_ideas):
    """Every aria-describedby of the filter form (Django names `<id>_helptext` and `<id>_error`) points at an
    element of the page, so a screen reader reads a field's hint and its error with the field."""
    client.force_login(UserFactory(roles=[Role.MODERATOR]))  # without exact numbers: the cell size has a hint
    wrong = {"project": "abc", "date_from": "2026-05-01", "date_to": "2026-01-01"}
    html = client.get(reverse("dashboard:density"), wrong).content.decode()
    described = re.findall(r'<(?:select|input)(?![^>]*type="hidden")[^>]*aria-describedby="([^"]+)"', html)
    names = {name for value in described for name in value.split()}
    assert {"id_project_error", "id_date_to_error", "id_cell_helptext"} <= names
    assert not [name for name in names if f'id="{name}"' not in html]


def test_a_wrong_filter_of_another_view_is_said_not_dropped_in_silence(client, known_ideas):
    """The density page keeps the map's "measure" as a hidden field: a wrong value must name itself, or the page
    falls back to the defaults and nobody learns why."""
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    html = client.get(reverse("dashboard:density"), {"measure": "erfunden"}).content.decode()
    assert re.search(r'<p class="field-error" role="alert">Kennzahl der Karte: [^<]*erfunden', html), html[-3000:]
