"""Files for upload tests: a small valid image, and what a file field's storage holds."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from PIL import Image


def png_bytes(width: int = 20, height: int = 10, color: str = "blue") -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def png_upload(name: str = "foto.png", **size_and_color) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**size_and_color), content_type="image/png")


def stored_files(model, field: str, folder: str) -> set[str]:
    """The names of the files in `folder` of the storage behind `model.field`."""
    storage = model._meta.get_field(field).storage
    return set(storage.listdir(folder)[1]) if storage.exists(folder) else set()


def refused_by_the_database(*args, **kwargs):
    """Monkeypatched over a save: the database refuses the row after the file was stored."""
    raise DataError("the database refuses the row")
