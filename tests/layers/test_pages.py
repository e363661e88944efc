import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from shapely.geometry import Point as ShapelyPoint

from accounts.roles import Role
from layers import services
from layers.models import Layer, Project
from layers.panels import ProjectPanel, _panels, register_panel
from tests.factories import LayerFactory, PhaseFactory, ProjectFactory, UserFactory
from tests.layers.files import LONLAT, UTM32, write


@pytest.fixture
def planner_client(client, db):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    return client


def test_list_filters_work_without_javascript(client, stadtteile, django_assert_max_num_queries):
    services.project_create(
        title="Radnetz", slug="radnetz", summary="S", topic="verkehr", area=stadtteile[3].label_point
    )
    services.project_create(title="Park", slug="park", summary="S", topic="umwelt", area=stadtteile[15].label_point)
    url = reverse("layers:project-list")
    with django_assert_max_num_queries(6):
        html = client.get(url).content.decode()
    assert "Radnetz" in html
    assert "Park" in html
    html = client.get(url, {"topic": "umwelt"}).content.decode()
    assert "Park" in html
    assert "Radnetz" not in html
    html = client.get(url, {"stadtteil": stadtteile[3].slug}).content.decode()
    assert "Radnetz" in html
    assert "Park" not in html
    assert "/api/v1/projects/?stadtteil=" in html  # the map loads the same selection


@pytest.mark.parametrize("url", ["/", "/vorhaben/", "/verwaltung/"])
def test_project_lists_name_their_stadtteile_without_reading_the_polygons(client, stadtteile, url):
    """Every list shows the Stadtteile by name; their polygons would cost a GEOS parse per project and Stadtteil."""
    project = services.project_create(title="Radnetz", slug="radnetz", summary="S", topic="verkehr",
                                      area=stadtteile[3].label_point)  # fmt: skip
    assert project.stadtteile.exists()
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    district_reads = [q["sql"] for q in queries.captured_queries if 'FROM "geo_stadtteil"' in q["sql"]]
    assert district_reads
    assert not [sql for sql in district_reads if '"geo_stadtteil"."geom"' in sql]


def test_nav_has_vorhaben(client, db):
    assert 'href="/vorhaben/"' in client.get("/").content.decode()


def test_detail_page_escapes_and_shows_everything(client, db):
    today = timezone.localdate()
    project = ProjectFactory(
        title="<script>alert(1)</script>Platz",
        body="**Neu** <script>evil()</script>",
        office="Referat Stadtplanung",
        ideas_open_from=timezone.now() - timezone.timedelta(days=1),
        ideas_open_until=timezone.now() + timezone.timedelta(days=5),
    )
    PhaseFactory(project=project, kind="information", starts_on=today - timezone.timedelta(days=20),
                 ends_on=today - timezone.timedelta(days=11))  # fmt: skip
    PhaseFactory(project=project, kind="beteiligung", starts_on=today - timezone.timedelta(days=10))
    LayerFactory(project=project, name="<b>Routen</b>", feature_count=2)
    services.news_create(project=project, title="Start", body="Es geht *los*")
    services.document_create(project=project, title="Plan", url="https://example.org/plan")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert escape("<script>alert(1)</script>Platz") in html
    assert "<strong>Neu</strong>" in html
    assert "<script>evil()" not in html
    assert escape("<b>Routen</b>") in html
    assert 'class="layer-toggle"' in html
    assert re.search(r'aria-current="step">\s*<strong>Beteiligung', html)
    assert "Ideen können eingereicht werden" in html
    assert "<em>los</em>" in html
    assert "https://example.org/plan" in html
    assert "Referat Stadtplanung" in html
    assert 'id="project-layers"' in html


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [(-10, -1, "Die Ideensammlung ist geschlossen."), (3, 10, "Ideen können ab"), (None, None, "geschlossen")],
)
def test_participation_status_on_the_page(client, db, start, end, text):
    now = timezone.now()
    project = ProjectFactory(
        ideas_open_from=None if start is None else now + timezone.timedelta(days=start),
        ideas_open_until=None if end is None else now + timezone.timedelta(days=end),
    )
    assert text in client.get(project.get_absolute_url()).content.decode()


def test_panels_of_other_apps_are_rendered_in_order(client, db):
    project = ProjectFactory()
    saved = dict(_panels)
    try:
        register_panel(ProjectPanel(key="b", order=20, render=lambda r, p: "<section>Zweites Panel</section>"))
        register_panel(ProjectPanel(key="a", order=10, render=lambda r, p: f"<section>Ideen zu {p.slug}</section>"))
        register_panel(ProjectPanel(key="c", order=30, render=lambda r, p: ""))
        html = client.get(project.get_absolute_url()).content.decode()
    finally:
        _panels.clear()
        _panels.update(saved)
    assert html.index(f"Ideen zu {project.slug}") < html.index("Zweites Panel")


def test_unknown_project_is_404(client, db):
    assert client.get(reverse("layers:project-detail", kwargs={"slug": "nein"})).status_code == 404


def test_planner_creates_and_edits_a_project(planner_client):
    response = planner_client.post(
        reverse("layers:project-create"),
        {"title": "Neuer Park", "slug": "neuer-park", "summary": "Grün", "topic": "umwelt", "moderation": "pre"},
    )
    project = Project.objects.get(slug="neuer-park")
    assert response.url == project.get_absolute_url()
    response = planner_client.post(
        reverse("layers:project-edit", kwargs={"slug": project.slug}),
        {"title": "Neuer Park", "slug": "neuer-park", "summary": "Grün", "topic": "umwelt", "moderation": "pre",
         "ideas_open_from": "2026-05-01T10:00", "ideas_open_until": "2026-04-01T10:00"},
    )  # fmt: skip
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()


def test_planner_adds_phase_and_pdf(planner_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory()
    planner_client.post(
        reverse("layers:phase-create", kwargs={"slug": project.slug}),
        {"kind": "beteiligung", "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
    )
    assert project.phases.get().kind == "beteiligung"
    response = planner_client.post(
        reverse("layers:document-create", kwargs={"slug": project.slug}),
        {"title": "Fake", "order": 0, "file": SimpleUploadedFile("a.pdf", b"MZ\x90")},
    )
    assert "keine gültige PDF" in response.content.decode()
    assert project.documents.count() == 0


def test_import_page_asks_for_the_geopackage_layer_then_imports(planner_client, tmp_path):
    project = ProjectFactory()
    path = tmp_path / "plan.gpkg"
    write(path, [ShapelyPoint(*UTM32)], crs="EPSG:25832", layer="baeume")
    write(path, [ShapelyPoint(UTM32[0] + 100, UTM32[1])], crs="EPSG:25832", layer="baenke", append=True)
    url = reverse("layers:layer-import", kwargs={"slug": project.slug})
    style = {"stroke_color": "#1d4f91", "fill_color": "#4a90d9", "stroke_width": 3, "opacity": 0.3,
             "point_symbol": "circle", "order": 0, "assume_crs": "EPSG:4326", "visible_by_default": "on"}  # fmt: skip
    with path.open("rb") as f:
        response = planner_client.post(url, {**style, "file": f})
    html = response.content.decode()
    assert "mehrere Ebenen" in html
    token = re.search(r'name="staged" value="([^"]+)"', html).group(1)
    assert Layer.objects.count() == 0

    response = planner_client.post(
        url, {**style, "staged": token, "source_layer": "baeume", "layer_choices": ["baeume", "baenke"],
              "use_as_area": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    layer = Layer.objects.get()
    assert layer.name == "baeume"
    point = layer.features.get().geom
    assert (round(point.x, 4), round(point.y, 4)) == LONLAT
    project.refresh_from_db()
    assert project.area is not None
    assert project.stadtteile.count() == 1


def test_import_page_shows_errors_in_german(planner_client, tmp_path):
    project = ProjectFactory()
    url = reverse("layers:layer-import", kwargs={"slug": project.slug})
    bad = tmp_path / "plan.dwg"
    bad.write_bytes(b"x")
    with bad.open("rb") as f:
        response = planner_client.post(url, {"file": f, "stroke_color": "#000000", "fill_color": "#000000",
                                             "stroke_width": 2, "opacity": 0.3, "point_symbol": "circle", "order": 0,
                                             "assume_crs": "EPSG:4326"})  # fmt: skip
    assert response.status_code == 200
    assert "nicht unterstützt" in response.content.decode()
    response = planner_client.post(url, {"stroke_color": "rot"})
    assert "Bitte eine Datei auswählen." in response.content.decode()
    assert "#RRGGBB" in response.content.decode()


def test_large_layers_are_offered_as_tiles_only(client, db, settings):
    settings.LAYERS_GEOJSON_MAX_FEATURES = 10
    layer = LayerFactory(name="Alle Bäume", feature_count=11)
    html = client.get(layer.project.get_absolute_url()).content.decode()
    assert re.search(rf'value="{layer.pk}"[^>]* disabled>', html)
    assert f"/tiles/{layer.pk}/{{z}}/{{x}}/{{y}}.mvt" in html
