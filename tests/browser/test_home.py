import re

from tests.browser.conftest import PHONE, assert_stacked_on_a_phone, outside_requests, serious_violations


def test_home_shows_the_18_stadtteile_and_the_streets_without_a_base_map(page, live_server):
    hosts = outside_requests(page)
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true'][data-context='ready']")

    assert page.locator("#district-map path.district-shape").count() == 18
    assert int(page.get_attribute("#district-map", "data-context-streets")) > 500  # the gazetteer's streets
    streets = page.locator("#district-map .leaflet-context-pane canvas").bounding_box()
    assert streets["width"] > 300
    assert streets["height"] > 300
    assert page.locator("#district-list li[data-stadtteil]").count() == 18
    assert page.locator(".leaflet-control-attribution").inner_text().count("Stadtverwaltung Kaiserslautern") == 1
    assert page.locator(".leaflet-tile").count() == 0
    assert hosts - {"127.0.0.1", "localhost"} == set()
    assert serious_violations(page) == []


def test_with_a_base_map_configured_its_tiles_are_requested(page, live_server, settings):
    settings.BASEMAP_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    hosts = outside_requests(page)
    page.route(re.compile(r"^https://tiles\.example\.org/"), lambda route: route.abort())
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true']")
    assert hosts - {"127.0.0.1", "localhost"} == {"tiles.example.org"}


def test_clicking_a_stadtteil_opens_its_page(page, live_server):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true']")
    page.locator("#district-list a", has_text="Betzenberg").click()
    page.wait_for_selector("#stadtteil-map[data-loaded='true']")
    assert page.locator("h1").inner_text() == "Betzenberg"
    assert page.locator("#stadtteil-map path.district-shape").count() == 1
    assert serious_violations(page) == []


def test_home_on_a_phone(browser, live_server, reference_data):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true']")
    assert_stacked_on_a_phone(page, "#district-map", "#district-list")
    context.close()


def test_gis_and_data_source_pages_are_accessible(page, live_server):
    for path in ("/gis/", "/daten/"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        assert serious_violations(page) == [], path


def test_words_break_at_syllables_in_the_pages_language_not_anywhere(browser, live_server, reference_data):
    """#23 item 4: "Uniwohns|tadt" came from `overflow-wrap: anywhere`; text now hyphenates by the page's lang
    and breaks a word anywhere only when it is longer than the line (`break-word`)."""
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    styles = page.evaluate(
        """() => [...document.querySelectorAll("main h1, main p, main li")].slice(0, 12).map(n => {
            const s = getComputedStyle(n);
            return [s.hyphens || s.webkitHyphens, s.overflowWrap, s.wordBreak, n.closest("[lang]").lang];
        })"""
    )
    context.close()
    assert styles
    assert all(style == ["auto", "break-word", "normal", "de"] for style in styles), styles
