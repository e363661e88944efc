"""Unconfirmed subscriptions expire (issue #24, item 5), and staff see how many people follow each Stadtteil
(item 7): its own subscriptions, its Ortsbezirk's and drawn areas that cut it, confirmed ones only."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from alerts import tasks
from alerts.models import Subscription
from alerts.services import UNCONFIRMED_DAYS, area_from_geojson
from geo.spatial import UTM32
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make(stadtteil=None, *, confirmed=True, age_days=0, **fields) -> Subscription:
    fields.setdefault("area_kind", "stadtteil")
    fields.setdefault("label", "Test")
    subscription = Subscription.objects.create(
        email=f"s{Subscription.objects.count()}@example.org", stadtteil=stadtteil,
        confirmed_at=timezone.now() if confirmed else None, **fields,
    )  # fmt: skip
    Subscription.objects.filter(pk=subscription.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=age_days)
    )
    return subscription


def test_unconfirmed_subscriptions_expire_after_a_week(stadtteile):
    old_pending = make(stadtteile[1], confirmed=False, age_days=UNCONFIRMED_DAYS + 1)
    young_pending = make(stadtteile[1], confirmed=False, age_days=UNCONFIRMED_DAYS - 1)
    old_confirmed = make(stadtteile[1], age_days=400)
    assert tasks.expire() == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {young_pending.pk, old_confirmed.pk}
    assert not Subscription.objects.filter(pk=old_pending.pk).exists()


def followers(client) -> dict[str, str]:
    page = client.get(reverse("alerts:followers"))
    assert page.status_code == 200
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', page.content.decode()))


def test_staff_see_how_many_follow_each_stadtteil(client, stadtteile):
    target, other = stadtteile[1], stadtteile[12]
    make(target)
    make(target)
    make(target, confirmed=False)  # not counted until confirmed
    make(area_kind="ortsbezirk", ortsbezirk=target.ortsbezirk)
    # A small square drawn around the Stadtteil's label point: it cuts this Stadtteil only.
    x, y = target.label_point.x, target.label_point.y
    ring = [[x, y], [x + 0.002, y], [x + 0.002, y + 0.002], [x, y + 0.002], [x, y]]
    area = area_from_geojson(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    make(area_kind="drawn", area=area, area_utm=area.transform(UTM32, clone=True))
    make(other)

    assert client.get(reverse("alerts:followers")).status_code == 403  # signed out: the rule decides (edge.permissions)
    client.force_login(UserFactory())
    assert client.get(reverse("alerts:followers")).status_code == 403
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    counts = followers(client)
    assert len(counts) == len(stadtteile)
    assert counts[str(target)] == "4"
    assert counts[str(other)] == ("2" if other.ortsbezirk_id == target.ortsbezirk_id else "1")
    untouched = [s for s in stadtteile.values() if s.ortsbezirk_id != target.ortsbezirk_id and s not in (other,)]
    assert any(counts[str(s)] == "0" for s in untouched)


def test_every_stadtteil_page_and_the_footer_lead_to_the_subscription(client, stadtteile):
    target = stadtteile[3]
    page = client.get(f"/stadtteile/{target.slug}/").content.decode()
    subscribe = f"/benachrichtigungen/?stadtteil={target.slug}"
    assert f'href="{subscribe}"' in page
    assert f'href="/stadtteile/{target.slug}/feed.atom"' in page
    assert f'href="/stadtteile/{target.slug}/termine.ics"' in page
    footer = page.split('class="site-footer"', 1)[1]
    assert 'href="/benachrichtigungen/"' in footer
    form = client.get(subscribe).content.decode()
    assert re.search(rf'<option value="{target.slug}"[^>]*selected', form), "the Stadtteil is chosen already"
