"""Feedback on a planned cycle lane in Chromium: by touch on a phone, by keyboard alone on a desktop; a
planner weighs it and releases the decision; the public page shows it. axe on every page on the way."""

import re

import pytest
from django.utils import timezone

from accounts.roles import Role
from feedback.models import Feedback
from layers.models import Project
from tests.browser.conftest import log_in, serious_violations, tab_to
from tests.factories import FeatureFactory, LayerFactory, ProjectFactory, UserFactory
from tests.feedback.conftest import LANE, participation, verified


@pytest.fixture
def lane(reference_data):
    project = participation(ProjectFactory(slug="radnetz", title="Radnetz", moderation=Project.Moderation.POST))
    layer = LayerFactory(project=project, name="Hauptrouten", feedback_open=True, stroke_color="#b34700")
    return FeatureFactory(layer=layer, geom=LANE.clone(), attributes={"strasse": "Pariser Straße", "breite_m": 1.5})


def no_tiles(page):
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())


def test_touch_keyboard_weigh_and_publish(browser, page, live_server, lane):
    feature_url = f"{live_server.url}/vorhaben/radnetz/rueckmeldungen/objekt/{lane.pk}/"

    # 1. A phone: tap the lane on the map, tap an opinion, send.
    phone = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    touch = phone.new_page()
    no_tiles(touch)
    log_in(touch, live_server, verified(UserFactory(email="touch@example.org")))
    touch.goto(feature_url)
    touch.wait_for_selector("#feedback-map[data-ready=true]")
    touch.locator("#feedback-map").tap()  # the map is fitted to the lane: its centre lies on it
    touch.wait_for_selector("#feedback-map[data-point]")
    touch.get_by_label("dagegen").tap()
    touch.fill("#id_text", "Hier ist der Streifen zu schmal für Lastenräder.")
    touch.get_by_role("button", name="Rückmeldung senden").tap()
    touch.wait_for_selector("text=Ihre Rückmeldung ist veröffentlicht")
    assert serious_violations(touch) == []
    phone.close()
    by_touch = Feedback.objects.get()
    assert by_touch.point_given
    assert by_touch.opinion == "dagegen"

    # 2. A desktop, keyboard alone: from the project page's list to the feature, a point, an opinion, a text.
    no_tiles(page)
    log_in(page, live_server, verified(UserFactory(email="tastatur@example.org")))
    page.goto(f"{live_server.url}/vorhaben/radnetz/")
    assert serious_violations(page) == []

    tab_to(page, "[data-feedback-layer], [data-feedback-layer] *", limit=120)
    assert page.evaluate("document.activeElement.textContent") == "Pariser Straße"
    page.keyboard.press("Enter")
    page.wait_for_url(feature_url)
    page.wait_for_selector("#feedback-map[data-ready=true]")
    tab_to(page, "#feedback-map", limit=120)
    page.keyboard.press("Enter")  # the crosshair starts in the centre of the map, on the lane
    page.wait_for_selector("#feedback-map[data-point]")
    tab_to(page, "[name=opinion]", limit=120)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # dafür → neutral
    page.keyboard.press("Tab")
    page.keyboard.type("Gut, aber bitte an die Beleuchtung denken.")
    tab_to(page, "[type=submit]", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Ihre Rückmeldung ist veröffentlicht")
    assert serious_violations(page) == []
    by_keyboard = Feedback.objects.exclude(pk=by_touch.pk).get()
    assert (by_keyboard.opinion, by_keyboard.point_given) == ("neutral", True)

    # 3. The planner weighs the touch entry and releases it.
    planner = verified(UserFactory(email="planung@example.org", roles=[Role.PLANNER]))
    page.context.clear_cookies()
    log_in(page, live_server, planner)
    page.goto(f"{live_server.url}/vorhaben/radnetz/abwaegung/")
    page.wait_for_selector("text=0 von 2 abgewogen")
    assert serious_violations(page) == []
    entry = page.locator(f"#eintrag-{by_touch.pk}")
    entry.get_by_label("Entscheidung").select_option("teilweise")
    entry.get_by_label("Begründung", exact=True).fill("Der Streifen wird auf 2,0 m verbreitert.")
    entry.get_by_role("button", name="Abwägung speichern").click()
    page.wait_for_selector("text=1 von 2 abgewogen")
    page.get_by_role("button", name=re.compile("Abwägung veröffentlichen")).click()
    page.wait_for_selector("text=1 Abwägungen sind jetzt öffentlich")

    # 4. Everyone sees the decision.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/vorhaben/radnetz/rueckmeldungen/")
    decision = page.locator(f"#rueckmeldung-{by_touch.pk} .decision")
    assert "teilweise berücksichtigt" in decision.inner_text()
    assert "2,0 m verbreitert" in decision.inner_text()
    assert serious_violations(page) == []
    assert Feedback.objects.get(pk=by_touch.pk).released_at <= timezone.now()


def test_keyboard_error_path(page, live_server, lane):
    """A point too far from the lane is caught before sending (no request), at the map and in an error summary
    that takes the focus; a refusal by the server brings the same summary and a title starting with "Fehler:"."""
    no_tiles(page)
    log_in(page, live_server, verified(UserFactory(email="fehler@example.org")))
    page.goto(f"{live_server.url}/vorhaben/radnetz/rueckmeldungen/objekt/{lane.pk}/")
    page.wait_for_selector("#feedback-map[data-ready=true]")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    page.focus("#feedback-map")
    # Far below the lane: the map is fitted to it in tenth zoom steps, so three levels out make sure of it.
    for key in ("-", "-", "-", "Shift+ArrowDown", "Shift+ArrowDown", "Enter"):
        page.keyboard.press(key)
    page.wait_for_selector("#feedback-map[data-point]")
    page.get_by_label("dafür").check()
    page.fill("#id_text", "Zu weit weg.")
    page.get_by_role("button", name="Rückmeldung senden").press("Enter")
    error = page.locator("#point-error")
    assert re.fullmatch(r"Der Ort liegt \d+ m vom Objekt entfernt\. Bitte wählen Sie einen Ort höchstens 100 m vom "
                        r"Objekt entfernt\.", error.inner_text())  # fmt: skip
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert error.inner_text() in page.locator("#error-summary").inner_text()
    assert sent == []
    assert not Feedback.objects.exists()
    assert serious_violations(page) == []

    # From the summary's link back to the map; on the lane with Delete and Enter, but no opinion chosen: the
    # server refuses.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "feedback-map"
    page.keyboard.press("Delete")
    for key in ("Shift+ArrowUp", "Shift+ArrowUp", "Enter"):
        page.keyboard.press(key)
    page.get_by_label("dafür").evaluate("radio => { radio.checked = false; }")
    # The summary of the browser's own check is still on the page: wait for the server's answer to replace it.
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").press("Enter")
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Fehler: Pariser Straße")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Ihre Meinung" in page.locator("#error-summary").inner_text()
    assert serious_violations(page) == []
    assert not Feedback.objects.exists()
