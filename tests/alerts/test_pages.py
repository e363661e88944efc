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


def test_limit_per_account(client, stadtteile, settings):
    settings.ALERTS_MAX_SUBSCRIPTIONS = 2
    user = UserFactory()
    Subscription.objects.create(email=user.email, area_kind="stadtteil", stadtteil=stadtteile[9], label="x")
    client.force_login(user)
    for number in (1, 2):
        assert post(client, area_kind="stadtteil", stadtteil=stadtteile[number].slug).status_code == 302
    response = post(client, area_kind="stadtteil", stadtteil=stadtteile[3].slug)
    assert response.status_code == 400
    assert "bereits 2 Benachrichtigungen" in response.content.decode()
    assert Subscription.objects.filter(user=user).count() == 2


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


@pytest.mark.parametrize("junk", ["²", "9" * 30])
def test_a_posted_id_that_is_no_plain_number_is_refused_not_a_server_error(client, stadtteile, junk):
    # str.isdigit() let "²" through to int().
    mine = make(stadtteile[1], email="e@example.org", confirmed_at=None)
    confirm = reverse("alerts:confirm", kwargs={"token": tokens.confirm_token("e@example.org")})
    assert client.post(confirm, {"id": [junk, str(mine.pk)]}).status_code == 302
    mine.refresh_from_db()
    assert mine.confirmed_at is not None
    manage = reverse("alerts:manage-link", kwargs={"token": tokens.manage_token("e@example.org")})
    assert client.post(manage, {"id": junk, "action": "delete"}).status_code == 302
    assert Subscription.objects.filter(pk=mine.pk).exists()


def test_manage_by_account(client, stadtteile):
    user = UserFactory()
    make(stadtteile[4], user=user)
    assert client.get("/benachrichtigungen/verwalten/").status_code == 302
    client.force_login(user)
    assert stadtteile[4].name in client.get("/benachrichtigungen/verwalten/").content.decode()


def test_change_the_area_by_account_from_stadtteil_to_a_drawn_area(client, stadtteile):
    user = UserFactory()
    mine = make(stadtteile[4], user=user, frequency="weekly", kinds=["ideas"])
    client.force_login(user)
    manage = client.get("/benachrichtigungen/verwalten/").content.decode()
    url = reverse("alerts:area", kwargs={"pk": mine.pk})
    assert url in manage
    assert client.get(url).status_code == 200
    response = client.post(url, {"area_kind": "drawn", "area": square(7.765, 49.44)})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.area_kind == "drawn"
    assert mine.stadtteil is None
    assert 150_000 < mine.area_utm.area < 250_000
    assert (mine.frequency, mine.kinds) == ("weekly", ["ideas"])  # only the area changed
    # and back to a radius around an address: the drawn polygon goes, the circle comes
    client.post(url, {"area_kind": "radius", "address": "Fackelstraße 10", "radius_m": 250})
    mine.refresh_from_db()
    assert (mine.area_kind, mine.radius_m) == ("radius", 250)
    assert "Fackel" in mine.label
    assert 170_000 < mine.area_utm.area < 210_000


def test_a_drawn_area_is_shown_for_redrawing_and_a_bad_one_is_refused(client, stadtteile):
    user = UserFactory()
    client.force_login(user)
    post(client, area_kind="drawn", area=square(7.765, 49.44))
    mine = Subscription.objects.get(user=user)
    url = reverse("alerts:area", kwargs={"pk": mine.pk})
    page = client.get(url).content.decode()
    assert "[[7.765, 49.44], [7.77, 49.44]" in page  # the stored polygon, for the drawing tool
    before = mine.area_utm.area
    bow_tie = json.dumps({"type": "Polygon", "coordinates": [[[7.76, 49.44], [7.77, 49.45], [7.77, 49.44],
                                                              [7.76, 49.45], [7.76, 49.44]]]})  # fmt: skip
    response = client.post(url, {"area_kind": "drawn", "area": bow_tie})
    assert response.status_code == 400
    assert "überschneidet sich selbst" in response.content.decode()
    mine.refresh_from_db()
    assert mine.area_utm.area == before


def test_change_the_area_by_link_only_for_that_address(client, stadtteile):
    mine = make(stadtteile[1], email="g@example.org")
    theirs = make(stadtteile[2], email="h@example.org")
    token = tokens.manage_token("g@example.org")
    manage = client.get(reverse("alerts:manage-link", kwargs={"token": token})).content.decode()
    url = reverse("alerts:area-link", kwargs={"token": token, "pk": mine.pk})
    assert url in manage
    response = client.post(url, {"area_kind": "stadtteil", "stadtteil": stadtteile[3].slug})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.stadtteil_id, mine.label) == (stadtteile[3].pk, stadtteile[3].name)
    other = reverse("alerts:area-link", kwargs={"token": token, "pk": theirs.pk})
    assert client.post(other, {"area_kind": "stadtteil", "stadtteil": stadtteile[5].slug}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.stadtteil_id == stadtteile[2].pk
    forged = reverse("alerts:area-link", kwargs={"token": "forged", "pk": mine.pk})
    assert client.get(forged).status_code == 400
    assert client.get(reverse("alerts:area", kwargs={"pk": mine.pk})).status_code == 302  # no account: log in
    huge = reverse("alerts:area-link", kwargs={"token": token, "pk": 10**30})
    assert client.get(huge).status_code == 404
