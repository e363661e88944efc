"""The account's export holds every kind of personal data, and deleting the account leaves none of it behind."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import ApiToken
from proposals.models import Idea
from tests.factories import PASSWORD, IdeaFactory, UserFactory, api_key
from tests.uploads import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email="zweite@example.org", verified=False, primary=False)
    idea = IdeaFactory(author=user, visibility=Idea.Visibility.HIDDEN, moderation_reason="Enthält eine Adresse.")
    idea.photo.save("haus.png", ContentFile(png_bytes(8, 8, "green")))
    user.test_key = api_key(user)
    return user


def test_export_holds_photos_moderation_reasons_addresses_and_tokens(client, person):
    client.force_login(person)
    data = json.loads(client.get(reverse("accounts:export")).content)
    (idea,) = data["ideas"]["ideas"]
    assert idea["moderation_reason"] == "Enthält eine Adresse."
    # The link opens the photo for its author although the idea is hidden.
    assert client.get(idea["photo"]).status_code == 200
    assert "zweite@example.org" in [a["email"] for a in data["email_addresses"]]
    assert len(data["api_tokens"]) == 1
    assert person.test_key not in json.dumps(data)


def test_erasure_leaves_no_photo_file_reason_address_or_token(client, person, django_capture_on_commit_callbacks):
    idea = Idea.objects.get()
    storage, name = idea.photo.storage, idea.photo.name
    assert storage.exists(name)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"password": PASSWORD})
    idea.refresh_from_db()
    assert not idea.photo
    assert idea.moderation_reason == ""
    assert not storage.exists(name)
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(user=person).exists()
