"""A feedback entry's photo and moderation reason are in its author's export and go with the account."""

import json

from django.core.files.base import ContentFile
from django.urls import reverse

from feedback.models import Feedback
from tests.factories import PASSWORD
from tests.feedback.factories import feedback_on
from tests.uploads import png_bytes


def test_export_and_erasure_cover_photo_and_moderation_reason(client, lane, django_capture_on_commit_callbacks):
    (entry,) = feedback_on(lane, "-")
    entry.photo.save("engstelle.png", ContentFile(png_bytes(8, 8)))
    Feedback.objects.filter(pk=entry.pk).update(visibility="hidden", moderation_reason="Name eines Nachbarn.")
    author = entry.author
    author.set_password(PASSWORD)
    author.save()
    client.force_login(author)

    (exported,) = json.loads(client.get(reverse("accounts:export")).content)["feedback"]["feedback"]
    assert exported["moderation_reason"] == "Name eines Nachbarn."
    assert client.get(exported["photo"]).status_code == 200

    storage, name = entry.photo.storage, entry.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"password": PASSWORD})
    entry.refresh_from_db()
    assert (entry.photo.name, entry.moderation_reason) == ("", "")
    assert not storage.exists(name)
