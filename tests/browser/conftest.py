import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def no_basemap(settings):
    """The data-protection mode: no base map, so no request leaves 127.0.0.1 (tests never need the network)."""
    settings.BASEMAP_URL = ""


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    """axe-core violations of impact serious or critical, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def outside_requests(page) -> set[str]:
    """Start recording the hosts of every request the page makes other than our own server."""
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    return hosts


def horizontal_overflow(page) -> int:
    """How many CSS px the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


PHONE = {"locale": "de-DE", "viewport": {"width": 375, "height": 740}, "is_mobile": True}


def assert_stacked_on_a_phone(page, above: str, below: str) -> None:
    """On a PHONE: `above` (a map) is no wider than the screen, `below` starts under it, and the page does not
    scroll sideways."""
    top, bottom = page.locator(above).bounding_box(), page.locator(below).bounding_box()
    assert top["width"] <= 375
    assert bottom["y"] >= top["y"] + top["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")
