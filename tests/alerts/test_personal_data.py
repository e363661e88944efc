"""The account's data export and erasure include its subscriptions (also those made by e-mail only)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Subscription
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_export_and_erasure(client, stadtteile):
    user = UserFactory()
    Subscription.objects.create(
        user=user, area_kind="stadtteil", stadtteil=stadtteile[3], label="Kotten", confirmed_at=timezone.now()
    )
    Subscription.objects.create(
        email=user.email, area_kind="ortsbezirk", ortsbezirk=stadtteile[12].ortsbezirk, label="OB"
    )
    stranger = Subscription.objects.create(
        email="other@example.org", area_kind="stadtteil", stadtteil=stadtteile[3], label="x"
    )
    client.force_login(user)

    data = json.loads(client.get(reverse("accounts:export")).content)
    assert sorted(s["label"] for s in data["alerts"]) == ["Kotten", "OB"]

    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert list(Subscription.objects.all()) == [stranger]
