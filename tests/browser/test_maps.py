"""Maps that explain themselves (issue 23, part 5): street names at street zoom from our own server, and a home
map that fills its box and zooms out."""

import pytest
from django.utils import timezone

from tests.browser.conftest import outside_requests, serious_violations

FACKELSTRASSE = [49.4440, 7.7700]


def test_street_names_appear_at_street_zoom_only(page, live_server):
    hosts = outside_requests(page)
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true'][data-context='ready']")
    page.locator("#district-map").scroll_into_view_if_needed()
    assert page.locator("#district-map .street-label").count() == 0  # the whole city: no names

    page.evaluate(f"void document.querySelector('#district-map').klMap.setView({FACKELSTRASSE}, 17, {{animate: 0}})")
    page.wait_for_function("() => Number(document.querySelector('#district-map').dataset.streetLabels) > 0")
    label = page.locator("#district-map .street-label span:not([hidden])", has_text="Fackelstraße").first
    assert label.is_visible()
    box = label.bounding_box()
    assert box["height"] >= 12  # readable
    # Not focusable, not announced, and a click on the name reaches the map under it.
    assert page.locator("#district-map .street-label[tabindex], #district-map .street-label [tabindex]").count() == 0
    assert page.locator("#district-map .leaflet-labels-pane").get_attribute("aria-hidden") == "true"
    under = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.street-label') === null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert under
    # Names that would overlap are left out: the boxes of the names shown do not intersect.
    boxes = page.locator("#district-map .street-label span:not([hidden])").evaluate_all(
        "nodes => nodes.map(n => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    assert len(boxes) > 5
    assert page.locator("#district-map .street-label span[hidden]").count() > 0
    for i, a in enumerate(boxes):
        for b in boxes[:i]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert "OpenStreetMap" in page.locator("#district-map .leaflet-control-attribution").inner_text()

    page.evaluate("void document.querySelector('#district-map').klMap.setZoom(13, {animate: false})")
    page.wait_for_selector("#district-map[data-street-labels='0']")
    assert page.locator("#district-map .street-label").count() == 0
    assert hosts - {"127.0.0.1", "localhost"} == set()
    assert serious_violations(page) == []


CITY_IN_MAP = """() => {
    const map = document.querySelector('#district-map').getBoundingClientRect();
    const shapes = [...document.querySelectorAll('#district-map path.district-shape')]
        .map(p => p.getBoundingClientRect());
    const city = {
        left: Math.min(...shapes.map(r => r.left)), right: Math.max(...shapes.map(r => r.right)),
        top: Math.min(...shapes.map(r => r.top)), bottom: Math.max(...shapes.map(r => r.bottom)),
    };
    return {
        inside: city.left >= map.left - 1 && city.right <= map.right + 1
            && city.top >= map.top - 1 && city.bottom <= map.bottom + 1,
        fill: Math.max((city.right - city.left) / map.width, (city.bottom - city.top) / map.height),
    };
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_home_map_fills_its_box_with_the_city_and_zooms_out(browser, live_server, reference_data, width):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true']")
    shown = page.evaluate(CITY_IN_MAP)
    assert shown["inside"]  # the whole city
    assert shown["fill"] > 0.85  # and it fills the box in one direction (whole zoom steps left half of it empty)

    zoom_out = page.locator("#district-map .leaflet-control-zoom-out")
    assert "leaflet-disabled" not in (zoom_out.get_attribute("class") or "")
    before = page.evaluate("document.querySelector('#district-map').klMap.getZoom()")
    zoom_out.click()
    # One step out (after the zoom animation): the whole city, smaller, with its surroundings.
    page.wait_for_function(f"() => ({CITY_IN_MAP})().fill < 0.6")
    assert page.evaluate("document.querySelector('#district-map').klMap.getZoom()") == pytest.approx(before - 1)
    assert page.evaluate(CITY_IN_MAP)["inside"]
    context.close()


def test_cycle_network_is_drawn_in_the_colours_its_legends_show(page, live_server, reference_data):
    """Legends match what is drawn: each route in the colour the feedback legend gives its class (the same class
    as in the server's list), the layer legend pointing there, and the project area in its legend's colour."""
    from feedback import demo as feedback_demo
    from layers.demo import _cycle_network

    _cycle_network(timezone.now())
    feedback_demo.seed({})
    page.goto(f"{live_server.url}/vorhaben/demo-radverkehrsnetz/")
    page.wait_for_selector("[data-project-map][data-loaded='true'][data-feedback-styled='true']")
    page.check("#legend input.layer-toggle >> nth=1")  # the Ergänzungsrouten are hidden at first
    legend = dict(
        page.locator("[data-feedback-legend] li[data-class]").evaluate_all(
            "nodes => nodes.map(n => [n.dataset.class, n.dataset.colour])"
        )
    )
    listed = dict(
        page.locator("li[data-feature][data-balance]").evaluate_all(
            "nodes => nodes.map(n => [n.dataset.feature, n.dataset.balance])"
        )
    )
    drawn = dict(
        page.locator("#project-map path[data-feature]").evaluate_all(
            "nodes => nodes.map(n => [n.dataset.feature, n.getAttribute('stroke')])"
        )
    )
    assert len(drawn) == len(listed) == 9
    assert len(set(listed.values())) > 1  # the demo has more than one class: the comparison means something
    assert {feature: legend[cls] for feature, cls in listed.items()} == drawn

    for entry in page.locator("#legend li[data-layer]").all():  # both layers are open for feedback
        assert set(entry.locator(".swatch").get_attribute("data-colours").split()) == set(legend.values())
        assert entry.locator("a[href='#feedback-legend-title']").count() == 1
    area_colour = page.get_attribute("[data-area-legend]", "data-colour")
    strokes = page.locator("#project-map path.project-area").evaluate_all("ns => ns.map(n => n.getAttribute('stroke'))")
    assert strokes
    assert set(strokes) == {area_colour}
    assert serious_violations(page) == []


def test_a_layer_without_feedback_is_drawn_in_its_legend_colours(page, live_server, reference_data):
    from layers.demo import _square

    _square(timezone.now())
    page.goto(f"{live_server.url}/vorhaben/demo-stiftsplatz/")
    page.wait_for_selector("[data-project-map][data-loaded='true']")
    for entry in page.locator("#legend li[data-layer]").all():
        layer = entry.get_attribute("data-layer")
        swatch = entry.locator(".swatch").evaluate(
            "n => [getComputedStyle(n).borderTopColor, getComputedStyle(n).backgroundColor]"
        )
        drawn = page.locator(f"#project-map path.layer-{layer}").evaluate_all(
            "ns => ns.map(n => { const s = getComputedStyle(n); return [s.stroke, s.fill]; })"
        )
        assert drawn
        assert all(d == swatch for d in drawn), (drawn, swatch)


# Every marker a finger or a pointer can act on (issue 23, part 6): a 24 px circle around its centre takes the tap,
# whether the marker is an element (a plan's square symbol) or an SVG circle (ideas, plan points). Lines and areas
# are left out (their extent is what is drawn); so are markers that take no pointer events.
SMALL_MARKERS = """() => {
    // Every element under the point, not only the topmost: a neighbour drawn over it is not this marker's size.
    const hits = (node, x, y) => document.elementsFromPoint(x, y).some(at => at === node || node.contains(at));
    const bad = [];
    let seen = 0;
    document.querySelectorAll(".leaflet-container .leaflet-marker-icon.leaflet-interactive, "
                              + ".leaflet-container path.leaflet-interactive").forEach(node => {
        const r = node.getBoundingClientRect();
        if (!r.width || r.width > 40 || r.height > 40) return;
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < 12 || y < 12 || x > innerWidth - 12 || y > innerHeight - 12) return;
        seen += 1;
        const reach = [[11.5, 0], [-11.5, 0], [0, 11.5], [0, -11.5], [8, 8], [-8, -8]];
        if (!reach.every(([dx, dy]) => hits(node, x + dx, y + dy)))
            bad.push(`${node.outerHTML.slice(0, 60)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    });
    return {seen, bad};
}"""


def test_map_markers_take_a_24_px_tap_on_a_phone(browser, live_server, reference_data):
    from django.contrib.gis.geos import Point

    from layers import services
    from layers.demo import _playgrounds
    from tests.conftest import ensure_migrated_data
    from tests.factories import IdeaFactory, ProjectFactory

    ensure_migrated_data()  # idea categories, emptied by an earlier transactional test
    _playgrounds(timezone.now())
    project = ProjectFactory(slug="baenke", area=Point(7.77, 49.44, srid=4326))
    benches = services.layer_create(project=project, name="Bänke", point_symbol="circle")
    bench = Point(7.771, 49.441, srid=4326)
    services.layer_add_features(layer=benches, geometries=[bench], attributes=[{"typ": "Holz"}])
    idea = IdeaFactory()
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)  # fmt: skip
    page = context.new_page()
    found = {}
    for path in ("/vorhaben/demo-spielplatzkonzept/", "/vorhaben/baenke/"):
        page.goto(live_server.url + path)
        page.wait_for_selector("[data-project-map][data-loaded='true']")
        page.locator("[data-project-map]").scroll_into_view_if_needed()
        found[path] = page.evaluate(SMALL_MARKERS)
    page.goto(live_server.url + "/ideen/")
    page.wait_for_selector("#idea-map[data-loaded]")
    page.evaluate(f"void document.querySelector('#idea-map').klMap.setView([{idea.location.y}, {idea.location.x}], 17,"
                  " {animate: false})")  # fmt: skip
    page.wait_for_selector("#idea-map[data-loaded='ideas']")
    page.locator("#idea-map").scroll_into_view_if_needed()
    found["/ideen/"] = page.evaluate(SMALL_MARKERS)
    context.close()
    assert all(result["seen"] for result in found.values()), found
    assert {path: result["bad"] for path, result in found.items() if result["bad"]} == {}


def test_an_idea_marker_is_filled_in_its_category_colour(browser, live_server, reference_data):
    # The 24 px change once swallowed fillColor and fillOpacity into a comment: every idea was drawn white.
    from tests.conftest import ensure_migrated_data
    from tests.factories import IdeaFactory

    ensure_migrated_data()
    idea = IdeaFactory()
    page = browser.new_page(locale="de-DE")
    page.goto(live_server.url + "/ideen/")
    page.wait_for_selector("#idea-map[data-loaded]")
    page.evaluate(f"void document.querySelector('#idea-map').klMap.setView([{idea.location.y}, {idea.location.x}], 17,"
                  " {animate: false})")  # fmt: skip
    page.wait_for_selector("#idea-map[data-loaded='ideas']")
    fills = page.eval_on_selector_all(
        "#idea-map path.leaflet-interactive",
        "nodes => nodes.map(n => [n.getAttribute('fill'), n.getAttribute('fill-opacity')])",
    )
    page.close()
    assert [idea.category.color.lower(), "0.95"] in [[(f or "").lower(), o] for f, o in fills], fills
