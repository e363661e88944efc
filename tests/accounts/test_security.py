"""No side doors: API authentication, verified e-mail for writes, limits per account and per address."""

import base64
import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from edge.client import client_ip
from proposals.models import Comment
from tests.factories import PASSWORD, IdeaFactory, UserFactory, api_key


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _comment(client, idea, **headers):
    url = reverse("api:idea-comments", kwargs={"pk": idea.pk})
    return client.post(url, {"text": "Ein Gedanke dazu"}, content_type="application/json", headers=headers)


def test_http_basic_with_the_right_password_is_not_a_login(client, db):
    user = UserFactory()
    response = _comment(client, IdeaFactory(), Authorization=_basic(user.email, PASSWORD))
    assert response.status_code in (401, 403)
    assert not Comment.objects.exists()


def test_a_nul_byte_in_basic_or_token_credentials_is_a_clean_refusal(client, db):
    IdeaFactory(title="Öffentliche Idee")
    # Basic is no login of the API: the header is ignored and the request is anonymous (public ideas only).
    basic = client.get(reverse("api:idea-list"), headers={"Authorization": _basic("a\x00b", "x")})
    assert basic.status_code == 200
    assert [f["properties"]["title"] for f in basic.json()["features"]] == ["Öffentliche Idee"]
    # A malformed token is refused with a message, before it reaches the database.
    token = client.get(reverse("api:idea-list"), headers={"Authorization": "Token abc\x00def"})
    assert token.status_code == 403
    assert token.json() == {"detail": "Ungültiges Token."}


def test_an_api_token_writes_for_a_verified_account(client, db):
    user = UserFactory()
    response = _comment(client, IdeaFactory(), Authorization=f"Token {api_key(user)}")
    assert response.status_code == 201
    assert Comment.objects.get().author == user


def test_an_unverified_account_cannot_write_through_the_api_or_the_pages(client, db):
    idea = IdeaFactory()
    client.force_login(UserFactory(verified=False))
    assert _comment(client, idea).status_code == 403
    client.post(reverse("proposals:comment", kwargs={"pk": idea.pk}), {"text": "Ein Gedanke dazu"})
    client.post(reverse("proposals:support", kwargs={"pk": idea.pk}))
    assert not Comment.objects.exists()
    assert idea.supports.count() == 0
    # The same account once confirmed: the same request goes through (the check above can fail).
    client.force_login(UserFactory())
    assert _comment(client, idea).status_code == 201


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy configured: the header is the client's word, ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the left entry was forged by the client
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not through our proxies
        (1, "kein-ip", "10.0.0.1"),
    ],
)
def test_client_address_through_trusted_proxies_only(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


@override_settings(PROPOSALS_RATE_LIMITS={"create": "2/h", "support": "3/m", "comment": "1/h"})
@pytest.mark.parametrize("proxies", [0, 1])
def test_behind_a_proxy_every_citizen_has_an_address_of_their_own(client, db, proxies):
    """Behind one load balancer everyone shares REMOTE_ADDR; the limit per address must not lock out a city."""
    idea = IdeaFactory()
    codes = []
    with override_settings(TRUSTED_PROXY_COUNT=proxies, RATE_LIMIT_ADDRESS_FACTOR=1):
        for n in range(3):
            client.force_login(UserFactory())
            codes.append(_comment(client, idea, **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code)
    assert codes == ([201, 429, 429] if proxies == 0 else [201, 201, 201])


@override_settings(ADMIN_LOGIN_RATE="3/5m")
@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, 1, tzinfo=datetime.UTC), tick=False)
def test_admin_login_is_limited_per_account_and_says_how_long(client, db):
    # Time stands still: django-ratelimit counts in fixed windows, and a window ending between two posts
    # would start the count again (the test failed that way once).
    cache.clear()
    user = UserFactory(is_staff=True)
    url = reverse("admin-login")
    codes = [client.post(url, {"username": user.username, "password": "falsch"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.post(url, {"username": user.username, "password": PASSWORD})
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 300
    assert "Minute" in limited.content.decode()
    # Another account from the same address is not locked out (the address gets the factor).
    other = UserFactory(is_staff=True)
    assert client.post(url, {"username": other.username, "password": PASSWORD}).status_code == 302
