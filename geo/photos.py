"""Citizens' photos (ideas, feedback on plans): checked, resized and re-encoded without metadata.

Lives in the spatial base because the metadata it drops includes the GPS position of the camera.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@contextmanager
def photos_removed_on_failure() -> Iterator[list]:
    """Yields a list; the stored photo files put in it are deleted again when the block fails, so a row
    that was not written (up to its commit, when the block holds the transaction) leaves no file behind."""
    stored: list = []
    try:
        yield stored
    except BaseException:
        for photo in stored:
            photo.delete(save=False)
        raise


def private_storage():
    """Outside MEDIA_ROOT: only a view that checks who may see the contribution serves these files."""
    return storages["private"]


def unguessable_name(folder: str, filename: str) -> str:
    """The name tells neither the contribution, the date nor the order of uploads."""
    return f"{folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


@deconstructible
class UnguessableName:
    """`upload_to` for private files: an unguessable name in `folder`."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return unguessable_name(self.folder, filename)


def photo_process(upload, *, name: str = "foto") -> ContentFile:
    """A clean copy of the uploaded image: at most MAX_SIDE pixels wide or high, no metadata."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"photo": _("Das Foto ist zu groß (höchstens 8 MB).")})
    try:
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError({"photo": _("Bitte laden Sie ein Foto als JPEG, PNG oder WebP hoch.")})
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError({"photo": _("Das Foto hat zu viele Bildpunkte.")})
            fmt = image.format
            # Turn the pixels as the camera meant before the orientation tag is dropped with the metadata.
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            pixels = upright.convert("RGB" if fmt == "JPEG" else "RGBA")
            # A new image holds pixels only: no EXIF, XMP or ICC data survives the copy.
            clean = Image.new(pixels.mode, pixels.size)
            clean.paste(pixels)
            out = BytesIO()
            clean.save(out, format=fmt, quality=85)
    except Image.DecompressionBombError as error:  # Pillow's own limit, raised while opening
        raise ValidationError({"photo": _("Das Foto hat zu viele Bildpunkte.")}) from error
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError({"photo": _("Die Datei ist kein lesbares Bild.")}) from error
    return ContentFile(out.getvalue(), name=f"{name}.{ALLOWED_FORMATS[fmt]}")


def photos_erase(rows) -> None:
    """Detach the photos of `rows` (a queryset with a `photo` field) and delete their files once the transaction
    commits, so a rolled-back erasure keeps both the row and its file."""
    files = [row.photo for row in rows.exclude(photo="").only("pk", "photo")]
    rows.exclude(photo="").update(photo="")
    transaction.on_commit(lambda: [photo.storage.delete(photo.name) for photo in files])
