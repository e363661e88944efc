"""An idea's photo is not left stored when the idea cannot be written."""

import pytest
from django.db import DataError

from proposals import services
from proposals.models import Idea
from tests.uploads import png_upload, refused_by_the_database, stored_files


def _stored() -> set[str]:
    return stored_files(Idea, "photo", "ideen")


def test_no_photo_file_is_left_when_the_idea_cannot_be_written(citizen, category, stadtteile, monkeypatch):
    before = _stored()
    where = stadtteile[1].label_point
    # The INSERT fails after the photo was processed (the text rule now strips what PostgreSQL used to refuse).
    with monkeypatch.context() as patched:
        patched.setattr(Idea, "save", refused_by_the_database)
        with pytest.raises(DataError):
            services.idea_create(
                author=citizen, title="Bank am Weiher", description="Eine Bank zum Ausruhen.", category=category,
                location=where, photo=png_upload("bank.png", color="green"),
            )  # fmt: skip
    assert not Idea.objects.exists()
    assert _stored() == before
    idea = services.idea_create(
        author=citizen, title="Bank am Weiher", description="Eine Bank zum Ausruhen.", category=category,
        location=where, photo=png_upload("bank.png", color="green"),
    )  # fmt: skip
    assert _stored() == before | {idea.photo.name.removeprefix("ideen/")}
    idea.photo.delete(save=False)
