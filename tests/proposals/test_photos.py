"""Idea photos: served by a view that applies the idea's visibility, unguessable names, no decompression bombs."""

import importlib
import struct
import zlib
from io import BytesIO

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.roles import Role
from proposals.models import Idea
from tests.factories import IdeaFactory, UserFactory


def _png(width: int = 40, height: int = 30) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), "red").save(out, format="PNG")
    return out.getvalue()


def _bomb_png() -> bytes:
    """A valid PNG header claiming 20000×20000 pixels, with almost no data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def _with_photo(**kwargs) -> Idea:
    idea = IdeaFactory(**kwargs)
    idea.photo.save("ort.png", ContentFile(_png()))
    return idea


def test_a_hidden_ideas_photo_is_404_for_the_public_and_200_for_staff(client, db):
    idea = _with_photo(visibility="pending")
    url = reverse("proposals:photo", kwargs={"pk": idea.pk})
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == _png()


def test_a_published_ideas_photo_is_public_under_an_unguessable_name(client, db, settings):
    idea = _with_photo()
    assert client.get(reverse("proposals:photo", kwargs={"pk": idea.pk})).status_code == 200
    name = idea.photo.name
    assert len(name.removeprefix("ideen/").removesuffix(".png")) == 32
    assert str(idea.pk) not in name.removeprefix("ideen/")
    assert not default_storage.exists(name)  # not under MEDIA_ROOT, so /media/ cannot serve it


def test_decompression_bomb_upload_is_a_400_with_a_message(client, db, stadtteile):
    client.force_login(UserFactory())
    x, y = stadtteile[3].label_point.coords
    data = {"title": "Bank am Weiher", "description": "Zum Ausruhen am Wasser.", "category": "gruen"}
    upload = SimpleUploadedFile("bombe.png", _bomb_png(), content_type="image/png")
    response = client.post(reverse("api:idea-list"), {**data, "lon": x, "lat": y, "photo": upload})
    assert response.status_code == 400
    assert "photo" in response.json()
    assert not Idea.objects.exists()


def test_existing_photos_move_to_private_storage_with_new_names(db, settings, tmp_path):
    migration = importlib.import_module("proposals.migrations.0003_idea_photo_private_unguessable")
    settings.MEDIA_ROOT = tmp_path / "media"
    old = default_storage.save("ideas/2026/03/idee_7.png", ContentFile(_png()))
    idea = IdeaFactory()
    Idea.objects.filter(pk=idea.pk).update(photo=old)
    migration.move_photos(apps, None)
    idea.refresh_from_db()
    assert idea.photo.name.startswith("ideen/")
    assert "idee_7" not in idea.photo.name
    assert storages["private"].exists(idea.photo.name)
    assert not default_storage.exists(old)
