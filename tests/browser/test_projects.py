import pytest
from django.contrib.auth.models import Group
from django.contrib.gis.geos import LineString, Point
from django.utils import timezone
from playwright.sync_api import expect
from shapely.geometry import Point as ShapelyPoint

from accounts.roles import Role
from geo.models import Stadtteil
from layers import services
from layers.demo import _playgrounds
from layers.models import Layer
from tests.browser.conftest import PHONE, assert_stacked_on_a_phone, serious_violations, sign_in
from tests.factories import ProjectFactory, UserFactory
from tests.layers.files import LONLAT, UTM32, write


def _planner():
    # Transactional tests flush the tables, including the role groups that a migration created.
    Group.objects.get_or_create(name=Role.PLANNER.value)
    return UserFactory(roles=[Role.PLANNER])


@pytest.fixture
def project_with_layers(reference_data):
    project = ProjectFactory(title="Neue Radwege", slug="neue-radwege", area=Point(7.77, 49.44, srid=4326))
    routes = services.layer_create(project=project, name="Routen", stroke_color="#b34700")
    services.layer_add_features(
        layer=routes,
        geometries=[LineString((7.765, 49.44), (7.775, 49.442), srid=4326)],
        attributes=[{"strasse": "<b>Marktstraße</b>", "laenge_m": 800}],
    )
    benches = services.layer_create(project=project, name="Bänke", point_symbol="circle", order=1)
    services.layer_add_features(
        layer=benches, geometries=[Point(7.771, 49.441, srid=4326)], attributes=[{"typ": "Holzbank"}]
    )
    return project


def test_planner_imports_a_utm_geopackage_and_sees_it_on_the_map(page, live_server, reference_data, tmp_path):
    project = ProjectFactory(slug="baeume")
    sign_in(page.context, live_server, _planner())
    path = write(tmp_path / "baeume.gpkg", [ShapelyPoint(*UTM32)], crs="EPSG:25832", fields={"art": ["Linde"]})

    page.goto(f"{live_server.url}/vorhaben/{project.slug}/ebenen/import/")
    assert serious_violations(page) == []
    page.set_input_files("#id_file", str(path))
    page.fill("#id_name", "Neue Bäume")
    page.get_by_role("button", name="Importieren").click()
    page.wait_for_selector("#project-map[data-loaded='true']")

    assert "1 Objekt wurde importiert." in page.locator(".messages").inner_text()
    layer = Layer.objects.get(project=project)
    lat, lng = page.evaluate(
        f"() => {{ const ll = document.getElementById('project-map').klLayers[{layer.pk}].getLayers()[0].getLatLng();"
        " return [ll.lat, ll.lng]; }"
    )
    assert (round(lng, 4), round(lat, 4)) == LONLAT
    # and it is drawn inside the visible map
    marker = page.locator(f"#project-map path.layer-{layer.pk}").bounding_box()
    box = page.locator("#project-map").bounding_box()
    assert box["x"] <= marker["x"] <= box["x"] + box["width"]
    assert box["y"] <= marker["y"] <= box["y"] + box["height"]


def test_citizen_toggles_a_layer_and_reads_a_popup(page, live_server, project_with_layers):
    page.goto(f"{live_server.url}/vorhaben/{project_with_layers.slug}/")
    page.wait_for_selector("#project-map[data-loaded='true']")
    routes = project_with_layers.layers.get(name="Routen")
    route_path = page.locator(f"#project-map path.layer-{routes.pk}")
    assert route_path.count() == 1

    page.get_by_label("Routen").uncheck()
    assert route_path.count() == 0
    page.get_by_label("Routen").check()
    assert route_path.count() == 1

    route_path.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<b>Marktstraße</b>" in popup.inner_text()  # shown as text, not as markup
    assert popup.locator("b").count() == 0
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in (no eval: the CSP forbids it)
    assert serious_violations(page) == []


def test_project_list_map_and_accessibility(page, live_server, project_with_layers):
    page.goto(f"{live_server.url}/vorhaben/")
    page.wait_for_selector("#projects-map[data-loaded='true']")
    assert page.locator("#project-list li[data-project]").count() == 1
    assert page.locator("#projects-map path.leaflet-interactive").count() == 1
    assert serious_violations(page) == []


def test_project_page_on_a_phone(browser, live_server, project_with_layers):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/vorhaben/{project_with_layers.slug}/")
    page.wait_for_selector("#project-map[data-loaded='true']")
    assert_stacked_on_a_phone(page, "#project-map", "#legend")
    assert serious_violations(page) == []
    context.close()


def test_project_list_filters_without_javascript(browser, live_server, project_with_layers):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/vorhaben/")
    assert page.locator("#project-list li[data-project]").count() == 1
    page.select_option("#id_topic", "umwelt")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**/vorhaben/?*topic=umwelt*")
    assert page.locator("#project-list li[data-project]").count() == 0
    assert "Keine Vorhaben für diese Auswahl." in page.locator("#project-list").inner_text()
    context.close()


def test_demo_playground_markers_are_named(page, live_server, reference_data):
    """The Spielplatzkonzept demo: 18 square markers a keyboard reaches, each announced by a name."""
    _playgrounds(timezone.now())
    page.goto(f"{live_server.url}/vorhaben/demo-spielplatzkonzept/")
    page.wait_for_selector("[data-project-map][data-loaded='true']")
    markers = page.locator(".leaflet-marker-icon[tabindex='0']")
    assert markers.count() == 18
    names = markers.evaluate_all("nodes => nodes.map(n => n.getAttribute('aria-label'))")
    assert all(name.startswith("Geplante Spielplätze: ") for name in names)
    # Each told apart by its labelled field (the Stadtteil), not 18 times the layer's name.
    assert {name.removeprefix("Geplante Spielplätze: ") for name in names} == set(
        Stadtteil.objects.values_list("name", flat=True)
    )
    # Enter opens its popup: the planner's labels, never the raw field names.
    markers.first.focus()
    page.keyboard.press("Enter")
    # Leaflet fades a popup in: axe must read its colours once it is opaque, not half-way through.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    headers = page.locator(".leaflet-popup .attributes th").all_inner_texts()
    assert len(headers) >= 3
    assert not {"stadtteil", "neu", "erneuert", "altersgruppe"} & set(headers)
    assert serious_violations(page) == []
