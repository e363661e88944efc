"""Hole 4: the admin login counts failures per account as the authentication finds it, not per spelling."""

import datetime

import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


@override_settings(ADMIN_LOGIN_RATE="3/5m")
@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, 1, tzinfo=datetime.UTC), tick=False)
def test_admin_login_counts_every_spelling_of_one_address_against_one_account(client, db):
    cache.clear()
    user = UserFactory(is_staff=True, email="stadt.planung@example.org")  # stored as allauth stores it
    variants = [
        "stadt.planung@example.org",
        "STADT.PLANUNG@EXAMPLE.ORG",
        "Stadt.Planung@Example.org",
        " stadt.planung@example.org",
        "sTaDt.pLaNuNg@example.org",
        "Stadt.planung@example.ORG",
        "stadt.Planung@EXAMPLE.org",
    ]
    url = reverse("admin-login")
    # The authentication accepts every one of these spellings with the right password ...
    assert client.post(url, {"username": variants[1], "password": PASSWORD}).status_code == 302
    client.logout()
    cache.clear()
    # ... so failures under any of them count against the one account: the fourth is refused.
    codes = [client.post(url, {"username": v, "password": "falsch"}).status_code for v in variants]
    assert codes[:3] == [200, 200, 200]
    assert set(codes[3:]) == {429}
    refused = client.post(url, {"username": user.email, "password": PASSWORD})
    assert refused.status_code == 429
    assert "Minute" in refused.content.decode()
