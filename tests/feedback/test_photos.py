"""Feedback photos: private storage, unguessable names, served by the entry's visibility."""

import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from feedback.models import Feedback
from tests.factories import UserFactory
from tests.feedback.factories import feedback_on
from tests.uploads import png_bytes


def _entry_with_photo(lane, visibility: str) -> Feedback:
    (entry,) = feedback_on(lane, "-")
    entry.photo.save("engstelle.png", ContentFile(png_bytes()))
    Feedback.objects.filter(pk=entry.pk).update(visibility=visibility)
    return entry


def test_a_pending_entrys_photo_is_404_for_the_public_and_200_for_moderators(client, lane, moderator):
    entry = _entry_with_photo(lane, "pending")
    url = reverse("feedback:photo", kwargs={"slug": entry.project.slug, "pk": entry.pk})
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()


def test_a_published_entrys_photo_is_public_under_an_unguessable_name(client, lane):
    entry = _entry_with_photo(lane, "published")
    url = reverse("feedback:photo", kwargs={"slug": entry.project.slug, "pk": entry.pk})
    assert client.get(url).status_code == 200
    stem = entry.photo.name.removeprefix("rueckmeldungen/").removesuffix(".png")
    assert re.fullmatch(r"[0-9a-f]{32}", stem)  # random: not the entry's id, the date or the uploaded name
    assert _entry_with_photo(lane, "published").photo.name != entry.photo.name
    assert not default_storage.exists(entry.photo.name)  # not under MEDIA_ROOT: /media/ cannot serve it
