"""An idea's photo is not left stored when the idea cannot be written."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from PIL import Image

from proposals import services
from proposals.models import Idea


def _png_upload() -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (20, 10), "green").save(out, format="PNG")
    return SimpleUploadedFile("bank.png", out.getvalue(), content_type="image/png")


def _stored() -> set[str]:
    storage = Idea._meta.get_field("photo").storage
    return set(storage.listdir("ideen")[1]) if storage.exists("ideen") else set()


def _refused_by_the_database(*args, **kwargs):
    raise DataError("the database refuses the row")


def test_no_photo_file_is_left_when_the_idea_cannot_be_written(citizen, category, stadtteile, monkeypatch):
    before = _stored()
    where = stadtteile[1].label_point
    # The INSERT fails after the photo was processed (the text rule now strips what PostgreSQL used to refuse).
    with monkeypatch.context() as patched:
        patched.setattr(Idea, "save", _refused_by_the_database)
        with pytest.raises(DataError):
            services.idea_create(
                author=citizen, title="Bank am Weiher", description="Eine Bank zum Ausruhen.", category=category,
                location=where, photo=_png_upload(),
            )  # fmt: skip
    assert not Idea.objects.exists()
    assert _stored() == before
    idea = services.idea_create(
        author=citizen, title="Bank am Weiher", description="Eine Bank zum Ausruhen.", category=category,
        location=where, photo=_png_upload(),
    )  # fmt: skip
    assert _stored() == before | {idea.photo.name.removeprefix("ideen/")}
    idea.photo.delete(save=False)
