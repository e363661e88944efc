"""Subscribing with and without an account, double opt-in, bad areas, limits, manage and unsubscribe links."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts import tokens
from alerts.models import Subscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/benachrichtigungen/"


def square(lon, lat, size=0.005) -> str:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def post(client, **data):
    data.setdefault("frequency", "daily")
    return client.post(URL, data)


def test_double_opt_in_without_account(client, stadtteile, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, email="Anna@Example.org", area_kind="stadtteil", stadtteil=stadtteile[5].slug)
    assert response.status_code == 200
    assert "anna@example.org" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.email == "anna@example.org"
    [mail] = mailoutbox
    link = re.search(r"http://\S+/bestaetigen/\S+/", mail.body).group(0)
    path = link.split("8000", 1)[-1]

    page = client.get(path)  # a mail scanner following the link confirms nothing
    assert stadtteile[5].name in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    response = client.post(path, {"id": [subscription.pk]})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_one_confirmation_per_address_and_day(client, stadtteile, mailoutbox, django_capture_on_commit_callbacks):
    for number in (1, 2, 3):
        with django_capture_on_commit_callbacks(execute=True):
            post(client, email="opfer@example.org", area_kind="stadtteil", stadtteil=stadtteile[number].slug)
    assert len(mailoutbox) == 1
    assert Subscription.objects.filter(email="opfer@example.org").count() == 3


def test_account_subscription_is_confirmed_at_once(client, stadtteile):
    user = UserFactory()
    client.force_login(user)
    response = post(client, area_kind="ortsbezirk", ortsbezirk=stadtteile[12].ortsbezirk.slug)
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=user)
    assert subscription.confirmed_at is not None
    assert subscription.email == ""


def test_account_without_verified_address_gets_a_message(client, stadtteile):
    client.force_login(UserFactory(verified=False))
    response = post(client, area_kind="stadtteil", stadtteil=stadtteile[1].slug)
    assert response.status_code == 400
    assert "bestätigen Sie zuerst die E-Mail-Adresse" in response.content.decode()


@pytest.mark.parametrize(
    ("area", "message"),
    [
        (square(8.5, 50.0), "außerhalb von Kaiserslautern"),
        (
            json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [[[7.75, 49.43], [7.77, 49.45], [7.77, 49.43], [7.75, 49.45], [7.75, 49.43]]],
                }
            ),
            "überschneidet sich selbst",
        ),
        (square(7.5, 49.3, size=0.5), "größer als Kaiserslautern"),
        ("{" * 5000, "konnte nicht gelesen werden"),
        (json.dumps({"type": "Polygon", "coordinates": [[[7.7 + i * 1e-5, 49.4] for i in range(600)]]}), "höchstens"),
    ],
)
def test_bad_drawn_areas_get_clear_messages(client, stadtteile, area, message):
    response = post(client, email="a@example.org", area_kind="drawn", area=area)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


def test_drawn_area_and_address_radius(client, stadtteile):
    client.force_login(UserFactory())
    assert post(client, area_kind="drawn", area=square(7.765, 49.44)).status_code == 302
    assert post(client, area_kind="radius", address="Fackelstraße 10", radius_m=500).status_code == 302
    drawn, radius = Subscription.objects.order_by("created_at", "id")
    assert drawn.area_utm.srid == 25832
    assert 150_000 < drawn.area_utm.area < 250_000
    assert radius.radius_m == 500
    assert "Fackel" in radius.label
    assert 700_000 < radius.area_utm.area < 800_000
    response = post(client, area_kind="radius", address="Gibtesnichtweg 999", radius_m=500)
    assert "nicht gefunden" in response.content.decode()


def test_limit_per_address(client, stadtteile, settings):
    settings.ALERTS_MAX_SUBSCRIPTIONS = 2
    for number in (1, 2):
        post(client, email="b@example.org", area_kind="stadtteil", stadtteil=stadtteile[number].slug)
    response = post(client, email="b@example.org", area_kind="stadtteil", stadtteil=stadtteile[3].slug)
    assert response.status_code == 400
    assert "bereits 2 Benachrichtigungen" in response.content.decode()


def test_rate_limit_per_client_address(client, stadtteile, settings):
    settings.ALERTS_SUBSCRIBE_RATE = "1/h"
    settings.RATE_LIMIT_ADDRESS_FACTOR = 2
    for n in range(2):
        assert (
            post(client, email=f"c{n}@example.org", area_kind="stadtteil", stadtteil=stadtteile[1].slug).status_code
            == 200
        )
    response = post(client, email="c9@example.org", area_kind="stadtteil", stadtteil=stadtteile[1].slug)
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def make(stadtteil, **fields) -> Subscription:
    fields.setdefault("confirmed_at", timezone.now())
    return Subscription.objects.create(area_kind="stadtteil", stadtteil=stadtteil, label=stadtteil.name, **fields)


def test_unsubscribe_by_link_without_login_reveals_nothing_else(client, stadtteile):
    mine = make(stadtteile[1], email="c@example.org")
    other = make(stadtteile[7], email="c@example.org")
    url = reverse("alerts:unsubscribe", kwargs={"token": tokens.unsubscribe_token(mine.pk)})
    page = client.get(url).content.decode()
    assert stadtteile[1].name in page
    assert stadtteile[7].name not in page
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # as a mail program posts it (no CSRF token)
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=mine.pk).exists()
    assert Subscription.objects.filter(pk=other.pk).exists()
    assert client.post(url).status_code == 200  # again: still fine, nothing to do
    assert client.get(reverse("alerts:unsubscribe", kwargs={"token": "forged"})).status_code == 400


def test_unsubscribe_one_click_with_csrf_checks_on(stadtteile):
    from django.test import Client

    mine = make(stadtteile[1], email="d@example.org")
    url = reverse("alerts:unsubscribe", kwargs={"token": tokens.unsubscribe_token(mine.pk)})
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_manage_by_link_edits_and_deletes_only_that_address(client, stadtteile):
    mine = make(stadtteile[1], email="e@example.org")
    theirs = make(stadtteile[2], email="f@example.org")
    url = reverse("alerts:manage-link", kwargs={"token": tokens.manage_token("e@example.org")})
    page = client.get(url).content.decode()
    assert stadtteile[1].name in page
    assert stadtteile[2].name not in page
    client.post(
        url, {"id": mine.pk, "action": "update", f"s{mine.pk}-frequency": "weekly", f"s{mine.pk}-kinds": ["ideas"]}
    )
    mine.refresh_from_db()
    assert mine.frequency == "weekly"
    assert mine.kinds == ["ideas"]
    client.post(url, {"id": theirs.pk, "action": "delete"})
    assert Subscription.objects.filter(pk=theirs.pk).exists()
    client.post(url, {"id": mine.pk, "action": "delete"})
    assert not Subscription.objects.filter(pk=mine.pk).exists()


def test_manage_by_account(client, stadtteile):
    user = UserFactory()
    make(stadtteile[4], user=user)
    assert client.get("/benachrichtigungen/verwalten/").status_code == 302
    client.force_login(user)
    assert stadtteile[4].name in client.get("/benachrichtigungen/verwalten/").content.decode()
