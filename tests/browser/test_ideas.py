"""The ideas pages in Chromium: register, pin, moderate, support, comment; keyboard only; axe; phone."""

import re

import pytest
from django.core import mail

from accounts.roles import Role
from proposals import services
from proposals.models import Idea
from tests.browser.conftest import PHONE, assert_stacked_on_a_phone, log_in, serious_violations
from tests.conftest import ensure_migrated_data
from tests.factories import PASSWORD, IdeaFactory, UserFactory


@pytest.fixture
def ideas_page(page, reference_data):
    ensure_migrated_data()
    # The basemap is not needed here; refusing it keeps the tests independent of the network.
    page.route(re.compile(r"^https://tile\."), lambda route: route.abort())
    return page


def test_register_pin_moderate_support_and_comment(ideas_page, live_server):
    page = ideas_page
    page.goto(live_server.url + "/konto/signup/")
    page.fill("input[name=email]", "neu@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=accept_terms]")
    page.locator("form button[type=submit]").last.click()
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/konto/profil/"))

    page.goto(live_server.url + "/ideen/neu/")
    page.fill("#id_title", "Trinkbrunnen am Stiftsplatz")
    page.fill("#id_description", "Im Sommer fehlt hier Wasser für alle.")
    page.select_option("#id_category", label="Grün und Umwelt")
    page.locator("#pin-map").click(position={"x": 300, "y": 200})
    page.wait_for_selector("#pin-stadtteil:has-text('Stadtteil ')")
    assert page.input_value("#id_lon")
    page.get_by_role("button", name="Idee einreichen").click()
    page.wait_for_selector("text=sobald die Moderation sie freigegeben hat")

    idea = Idea.objects.get()
    services.idea_approve(idea=idea, actor=UserFactory(roles=[Role.MODERATOR]))

    page.goto(live_server.url + "/ideen/")
    page.wait_for_selector("#idea-map[data-loaded='clusters']")
    assert page.locator(".idea-cluster").count() == 1
    page.locator("#idea-list a", has_text="Trinkbrunnen am Stiftsplatz").click()
    page.get_by_role("button", name="Unterstützen").click()
    page.wait_for_selector("text=1 Person unterstützt diese Idee")
    page.fill("#id_text", "Und bitte mit Hundenapf!")
    page.get_by_role("button", name="Kommentar senden").click()
    page.wait_for_selector(".comment-list >> text=Und bitte mit Hundenapf!")
    idea.refresh_from_db()
    assert (idea.support_count, idea.comment_count) == (1, 1)


def test_pin_an_idea_with_the_keyboard_alone(ideas_page, live_server):
    page = ideas_page
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/ideen/neu/")
    page.focus(".address-search button")  # the control just before the map in the tab order
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pin-map"
    page.keyboard.press("Enter")  # sets the pin under the crosshair in the middle of the map
    first = page.input_value("#id_lon")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    assert page.input_value("#id_lon") > first
    page.wait_for_selector("#pin-stadtteil:has-text('Stadtteil ')")
    for _ in range(10):  # past the map's own controls and the coordinates to the title
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_title":
            break
    assert page.evaluate("document.activeElement.id") == "id_title"
    page.keyboard.type("Bank am Spielplatz")
    page.keyboard.press("Tab")
    page.keyboard.type("Eltern brauchen hier einen Platz zum Sitzen.")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first category
    for _ in range(6):  # past the optional project and photo to the submit button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Bank am Spielplatz')")
    assert Idea.objects.get().stadtteil is not None


def posts_to(page, path: str) -> list[str]:
    """Start recording every POST the page sends to `path`."""
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" and r.url.endswith(path) else None)
    return sent


def fill_idea(page, title: str) -> None:
    page.fill("#id_title", title)
    page.fill("#id_description", "Hier fehlt ein schattiger Platz zum Sitzen.")
    page.select_option("#id_category", label="Grün und Umwelt")


def test_outside_the_city_is_refused_before_sending(ideas_page, live_server):
    """The point picker refuses a place the server named outside the city with no request at all: the message
    at the map, an error summary that takes the focus and links back to the map."""
    page = ideas_page
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/ideen/neu/")
    sent = posts_to(page, "/ideen/neu/")
    fill_idea(page, "Bank im Pfälzerwald")
    page.fill("#id_lon", "7.60")
    page.fill("#id_lat", "49.44")
    page.dispatch_event("#id_lat", "change")
    page.wait_for_selector("#pin-stadtteil.error:has-text('außerhalb von Kaiserslautern')")
    page.evaluate("window.samePage = true")  # gone if the browser loads another page
    page.get_by_role("button", name="Idee einreichen").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("window.samePage") is True
    assert sent == []
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "außerhalb von Kaiserslautern" in summary.inner_text()
    assert "außerhalb von Kaiserslautern" in page.locator("#pin-error").inner_text()
    assert page.title().startswith("Fehler:")
    assert serious_violations(page) == []

    # The summary's link leads back to the map; a place in the city is sent.
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "pin-map"
    page.fill("#id_lon", "7.7689")
    page.fill("#id_lat", "49.4435")
    page.dispatch_event("#id_lat", "change")
    page.wait_for_selector("#pin-stadtteil:not(.error):has-text('Stadtteil ')")
    assert page.locator("#pin-error").is_hidden()
    page.get_by_role("button", name="Idee einreichen").click()
    page.wait_for_selector("h1:has-text('Bank im Pfälzerwald')")
    assert len(sent) == 1
    assert Idea.objects.get().stadtteil is not None


def test_a_place_still_being_checked_is_waited_for(ideas_page, live_server):
    """Sent at once after placing the pin: the form waits for the server's word on the place, then goes."""
    page = ideas_page
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/ideen/neu/")
    sent = posts_to(page, "/ideen/neu/")
    lookup = re.compile(r"/api/v1/locate/")
    held = []

    def place_and_send_while_checking(**coordinates: str) -> None:
        page.route(lookup, lambda route: held.append(route))
        for field, value in coordinates.items():
            page.fill(f"#id_{field}", value)
        page.dispatch_event(f"#id_{field}", "change")
        page.get_by_role("button", name="Idee einreichen").click()
        assert held
        assert sent == []
        # Lookups after this go straight through; those already held are let go (one may have come in late).
        page.unroute(lookup)
        while held:
            held.pop().continue_()

    fill_idea(page, "Bank im Pfälzerwald")
    place_and_send_while_checking(lon="7.60", lat="49.44")
    page.locator("#error-summary").wait_for()
    assert sent == []

    place_and_send_while_checking(lon="7.7689")
    page.wait_for_selector("h1:has-text('Bank im Pfälzerwald')")
    assert len(sent) == 1


def test_no_serious_accessibility_violations(ideas_page, live_server):
    page = ideas_page
    idea = IdeaFactory(title="Schattenbäume")
    services.comment_create(idea=idea, author=UserFactory(), text="Gute Idee")
    page.goto(live_server.url + "/ideen/")
    page.wait_for_selector("#idea-map[data-loaded]")
    assert serious_violations(page) == []
    page.goto(live_server.url + idea.get_absolute_url())
    assert serious_violations(page) == []
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/ideen/neu/")
    assert serious_violations(page) == []
    page.goto(live_server.url + idea.get_absolute_url())
    assert serious_violations(page) == []


def test_map_and_list_on_a_phone(browser, live_server, reference_data):
    ensure_migrated_data()
    IdeaFactory.create_batch(3)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.route(re.compile(r"^https://tile\."), lambda route: route.abort())
    page.goto(live_server.url + "/ideen/")
    page.wait_for_selector("#idea-map[data-loaded='clusters']")
    assert_stacked_on_a_phone(page, "#idea-map", "#idea-list")
    assert page.locator(".idea-row").count() == 3
    context.close()


def test_address_search_sets_the_pin(ideas_page, live_server):
    page = ideas_page
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/ideen/neu/")
    page.fill("#address-q", "Fruchthalle")
    page.keyboard.press("Enter")
    assert page.locator(".address-results button").first.inner_text().endswith("(Ort · Innenstadt Nord/Kaiserberg)")
    page.locator(".address-results button").first.click()
    page.wait_for_selector("#pin-stadtteil:has-text('Stadtteil ')")
    assert 7.7 < float(page.input_value("#id_lon")) < 7.8
    assert page.evaluate("document.activeElement.id") == "pin-map"


def test_account_pages_have_no_serious_accessibility_violations(ideas_page, live_server):
    page = ideas_page
    for path in ("/konto/login/", "/konto/signup/", "/konto/password/reset/"):
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/konto/profil/")
    assert serious_violations(page) == []
