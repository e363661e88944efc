"""API tokens in the admin: listed without their secret, revoked there; DRF's unused token admin is gone."""

import pytest
from django.contrib import admin
from django.urls import reverse
from rest_framework.authtoken.models import TokenProxy

from accounts.models import ApiToken
from accounts.tokens import key_hash
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_tokens_are_listed_without_key_or_hash(admin_client):
    owner = UserFactory(username="planerin")
    key = api_key(owner)
    token = ApiToken.objects.get()
    page = admin_client.get(reverse("admin:accounts_apitoken_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "planerin" in text
    assert "Test" in text
    assert key not in text
    assert token.key_hash not in text
    detail = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert "planerin" in detail
    assert key not in detail
    assert token.key_hash not in detail
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_revoking_in_the_admin_ends_the_token(admin_client, client):
    key = api_key(UserFactory())
    keep = api_key(UserFactory())
    headers = {"authorization": f"Token {key}"}
    assert client.get(reverse("api:idea-list"), headers=headers).status_code == 200
    token = ApiToken.objects.get(key_hash=key_hash(key))
    response = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "1 Token widerrufen." in response.content.decode()
    assert list(ApiToken.objects.values_list("key_hash", flat=True)) == [key_hash(keep)]
    client.logout()
    assert client.get(reverse("api:idea-list"), headers=headers).status_code in (401, 403)
    assert client.get(reverse("api:idea-list"), headers={"authorization": f"Token {keep}"}).status_code == 200


def test_drf_token_admin_is_not_registered(admin_client):
    assert not admin.site.is_registered(TokenProxy)
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "authtoken" not in index
    assert "accounts/apitoken" in index
