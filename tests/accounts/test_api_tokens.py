"""API tokens: a scope, an expiry, a page to revoke them, and gone with the account."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from tests.factories import PASSWORD, IdeaFactory, UserFactory, api_key

pytestmark = pytest.mark.django_db


def _comment(client, key):
    idea = IdeaFactory()
    url = reverse("api:idea-comments", kwargs={"pk": idea.pk})
    return client.post(
        url, {"text": "Per Skript"}, content_type="application/json", headers={"authorization": f"Token {key}"}
    )


def test_a_gis_read_token_cannot_write(client):
    key = api_key(UserFactory(), scope=ApiToken.Scope.GIS_READ)
    assert client.get(reverse("api:idea-list"), headers={"authorization": f"Token {key}"}).status_code == 200
    refused = _comment(client, key)
    assert refused.status_code == 403
    assert "nur GIS-Daten lesen" in refused.json()["detail"]


def test_an_expired_token_is_refused_and_last_use_is_noted(client):
    user = UserFactory()
    key = api_key(user)
    assert client.get(reverse("api:idea-list"), headers={"authorization": f"Token {key}"}).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("api:idea-list"), headers={"authorization": f"Token {key}"})
    assert response.status_code in (401, 403)
    assert "abgelaufenes" in response.json()["detail"]


def test_the_owner_creates_sees_and_revokes_tokens_and_nobody_else_can(client):
    owner, other = UserFactory(), UserFactory()
    client.force_login(owner)
    page = client.post(reverse("accounts:api-tokens"), {"name": "QGIS", "scope": "gis_read", "days": 30})
    key = page.context["new_key"]
    assert key in page.content.decode()
    token = ApiToken.objects.get()
    assert key not in token.key_hash
    client.force_login(other)
    client.post(reverse("accounts:api-token-revoke", args=[token.pk]))
    assert ApiToken.objects.filter(pk=token.pk).exists()
    client.force_login(owner)
    assert "QGIS" in client.get(reverse("accounts:api-tokens")).content.decode()
    client.post(reverse("accounts:api-token-revoke", args=[token.pk]))
    assert not ApiToken.objects.exists()
    client.logout()
    assert client.get(reverse("api:idea-list"), headers={"authorization": f"Token {key}"}).status_code in (401, 403)


def test_too_long_a_lifetime_is_a_form_error(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:api-tokens"), {"name": "x", "scope": "participate", "days": 5000})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_tokens_go_with_the_account(client):
    user = UserFactory()
    key = api_key(user)
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not ApiToken.objects.exists()
    client.logout()
    assert client.get(reverse("api:idea-list"), headers={"authorization": f"Token {key}"}).status_code in (401, 403)
