"""Unpacking uploaded zip archives without trusting their headers (path traversal, zip bombs)."""

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from layers.importing.errors import LayerImportError

MAX_MEMBERS = 100
# Shapefiles compress by 2–10x; a ratio far above that is what a zip bomb looks like.
MAX_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024  # tiny members (.cpg, .prj) may compress oddly


def _is_safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not (name.startswith(("/", "\\")) or "\\" in name or ":" in name or ".." in path.parts)


def extract_zip(archive: Path, dest: Path) -> list[Path]:
    """Extract `archive` into `dest` after checking every member; returns the extracted files."""
    max_total = settings.LAYERS_IMPORT_MAX_UNPACKED_BYTES
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise LayerImportError(_("Die ZIP-Datei ist beschädigt oder keine ZIP-Datei.")) from exc
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise LayerImportError(_("Das ZIP-Archiv enthält zu viele Dateien (höchstens %d).") % MAX_MEMBERS)
        if any(not _is_safe_name(m.filename) for m in members):
            raise LayerImportError(_("Das ZIP-Archiv enthält unzulässige Pfade (z. B. „..“) und wird abgelehnt."))
        declared = sum(m.file_size for m in members)
        if declared > max_total:
            raise LayerImportError(_("Das ZIP-Archiv ist entpackt zu groß und wird abgelehnt."))
        for m in members:
            if m.file_size > RATIO_CHECK_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise LayerImportError(
                    _("Das ZIP-Archiv ist ungewöhnlich stark komprimiert (Zip-Bombe?) und wird abgelehnt.")
                )
        extracted, written = [], 0
        root = dest.resolve()
        for m in members:
            target = (dest / m.filename).resolve()
            if not target.is_relative_to(root):
                raise LayerImportError(_("Das ZIP-Archiv enthält unzulässige Pfade (z. B. „..“) und wird abgelehnt."))
            target.parent.mkdir(parents=True, exist_ok=True)
            # Count real bytes: the sizes in the headers may lie.
            with zf.open(m) as src, target.open("wb") as out:
                while chunk := src.read(1024 * 1024):
                    written += len(chunk)
                    if written > max_total:
                        raise LayerImportError(_("Das ZIP-Archiv ist entpackt zu groß und wird abgelehnt."))
                    out.write(chunk)
            extracted.append(target)
        return extracted


def copy_upload(upload, dest: Path) -> Path:
    """Write an uploaded file (or any binary file object) to `dest`, checking the size limit."""
    limit = settings.LAYERS_IMPORT_MAX_BYTES
    written = 0
    with dest.open("wb") as out:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1024 * 1024), b""):
            written += len(chunk)
            if written > limit:
                raise LayerImportError(
                    _("Die Datei ist zu groß (höchstens %(mb)d MB).") % {"mb": limit // (1024 * 1024)}
                )
            out.write(chunk)
    return dest


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
