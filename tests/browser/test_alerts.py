from alerts.models import Subscription
from tests.browser.conftest import serious_violations, tab_to


def test_draw_an_area_with_the_keyboard_alone(page, live_server):
    page.goto(live_server.url + "/benachrichtigungen/")
    page.wait_for_selector("[data-alerts-draw]", state="attached")
    assert serious_violations(page) == []

    tab_to(page, "#id_email")
    page.keyboard.type("nachbarin@example.org")
    tab_to(page, "input[name=area_kind]:checked")
    page.keyboard.press("ArrowDown")  # Ortsbezirk
    page.keyboard.press("ArrowDown")  # gezeichnete Fläche: the map appears
    page.wait_for_selector(".alerts-map[data-loaded='true']")
    tab_to(page, ".alerts-map")
    for keys in [[], ["ArrowRight", "ArrowRight"], ["ArrowDown", "ArrowDown"]]:
        for key in keys:
            page.keyboard.press(key)
        page.keyboard.press("Enter")
    page.wait_for_selector(".alerts-map[data-points='3']")
    assert "3 Ecken" in page.locator("[data-alerts-draw] [data-role=status]").inner_text()
    assert serious_violations(page) == []
    tab_to(page, "button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Fast geschafft")

    subscription = Subscription.objects.get()
    assert subscription.area_kind == "drawn"
    assert subscription.email == "nachbarin@example.org"
    assert subscription.confirmed_at is None
    assert subscription.area_utm.area > 100_000  # a triangle of several hundred metres a side, in square metres


def test_a_drawn_area_that_crosses_itself_is_refused_with_a_message(page, live_server):
    page.goto(live_server.url + "/benachrichtigungen/")
    page.get_by_label("Ihre E-Mail-Adresse").fill("nachbar@example.org")
    page.get_by_role("radio", name="gezeichnete Fläche").check()
    page.wait_for_selector(".alerts-map[data-loaded='true']")
    box = page.locator(".alerts-map").bounding_box()
    for dx, dy in [(-60, -60), (60, 60), (60, -60), (-60, 60)]:  # a bow tie
        page.locator(".alerts-map").click(position={"x": box["width"] / 2 + dx, "y": box["height"] / 2 + dy})
    page.wait_for_selector(".alerts-map[data-points='4']")
    page.get_by_role("button", name="Benachrichtigung bestellen").click()
    page.wait_for_selector("#error-summary")
    assert "überschneidet sich selbst" in page.locator("#error-summary").inner_text()
    page.wait_for_selector(".alerts-map[data-points='4']")  # the drawing is kept for correcting it
    assert "überschneidet sich selbst" in page.locator("[data-alerts-draw] [data-role=status]").inner_text()
    assert not Subscription.objects.exists()


def test_redraw_a_subscribed_area_with_the_keyboard_through_the_mailed_link(page, live_server):
    from django.urls import reverse
    from django.utils import timezone

    from alerts import services, tokens

    drawn = services.area_from_geojson(
        '{"type": "Polygon", "coordinates": [[[7.76, 49.44], [7.77, 49.44], [7.77, 49.45], [7.76, 49.45],'
        " [7.76, 49.44]]]}"
    )
    mine = Subscription.objects.create(
        email="nachbar@example.org", area_kind="drawn", area=drawn, area_utm=drawn.transform(25832, clone=True),
        label="gezeichnete Fläche", confirmed_at=timezone.now(),
    )  # fmt: skip
    before = mine.area_utm.area
    token = tokens.manage_token("nachbar@example.org")
    page.goto(live_server.url + reverse("alerts:manage-link", kwargs={"token": token}))
    tab_to(page, "a[href*='/gebiet/']")
    page.keyboard.press("Enter")
    page.wait_for_selector(".alerts-map[data-points='4']")  # the stored square, ready to be redrawn
    assert serious_violations(page) == []
    tab_to(page, "[data-alerts-draw] button[data-role=clear]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".alerts-map[data-points='0']")
    tab_to(page, ".alerts-map")
    for keys in [[], ["ArrowRight"], ["ArrowDown"]]:
        for key in keys:
            page.keyboard.press(key)
        page.keyboard.press("Enter")
    page.wait_for_selector(".alerts-map[data-points='3']")
    tab_to(page, "button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Das neue Gebiet ist gespeichert")
    mine.refresh_from_db()
    assert mine.area_kind == "drawn"
    assert 0 < mine.area_utm.area < before / 2  # a triangle of two crosshair steps, smaller than the square
