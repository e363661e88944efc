from urllib.parse import urlsplit

from django.conf import settings

from tests.browser.conftest import serious_violations


def test_home_shows_the_18_stadtteile_on_the_map_and_in_the_list(page, live_server):
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).hostname))

    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true']")

    assert page.locator("#district-map path.district-shape").count() == 18
    assert page.locator("#district-list li[data-stadtteil]").count() == 18
    assert page.locator(".leaflet-control-attribution").inner_text().count("Stadtverwaltung Kaiserslautern") == 1

    tile_host = urlsplit(settings.BASEMAP_URL.replace("{", "").replace("}", "")).hostname
    assert requested_hosts - {"127.0.0.1", "localhost", tile_host} == set()
    assert tile_host in requested_hosts  # the basemap is requested (it may not load offline)

    assert serious_violations(page) == []


def test_clicking_a_stadtteil_opens_its_page(page, live_server):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true']")
    page.locator("#district-list a", has_text="Betzenberg").click()
    page.wait_for_selector("#stadtteil-map[data-loaded='true']")
    assert page.locator("h1").inner_text() == "Betzenberg"
    assert page.locator("#stadtteil-map path.district-shape").count() == 1
    assert serious_violations(page) == []


def test_home_on_a_phone(browser, live_server, reference_data):
    context = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.wait_for_selector("#district-map[data-loaded='true']")
    map_box = page.locator("#district-map").bounding_box()
    list_box = page.locator("#district-list").bounding_box()
    assert map_box["width"] <= 375
    assert list_box["y"] >= map_box["y"] + map_box["height"]  # the list comes below the map
    context.close()


def test_gis_and_data_source_pages_are_accessible(page, live_server):
    for path in ("/gis/", "/daten/"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        assert serious_violations(page) == [], path
