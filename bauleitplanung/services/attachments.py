"""Attachments of a statement: PDFs (by their signature and size) and photos (checked and re-encoded like the
photos of ideas and feedback, geo.photos). All are checked before the statement is written; the files are stored
after it and removed again when the statement is not written (geo.photos.photos_removed_on_failure)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from bauleitplanung.models import Statement, StatementAttachment
from geo.photos import photo_process

MAX_ATTACHMENTS = 3
MAX_PDF_BYTES = 10 * 1024 * 1024
FIELD = "attachments"


def attachment_rule() -> str:
    return _(
        "Erlaubt sind höchstens %(n)d Anhänge: PDF-Dateien bis %(pdf)d MB oder Fotos (JPEG, PNG, WebP) bis 8 MB."
    ) % {"n": MAX_ATTACHMENTS, "pdf": MAX_PDF_BYTES // (1024 * 1024)}


def _refuse(upload, problem: str) -> ValidationError:
    name = (getattr(upload, "name", "") or "")[:100]
    return ValidationError({FIELD: f"„{name}“: {problem} {attachment_rule()}"})


def _pdf(upload) -> ContentFile:
    if upload.size > MAX_PDF_BYTES:
        raise _refuse(upload, _("Die Datei ist zu groß."))
    upload.seek(0)
    data = upload.read(MAX_PDF_BYTES + 1)
    if not data.startswith(b"%PDF-") or len(data) > MAX_PDF_BYTES:
        raise _refuse(upload, _("Die Datei ist keine gültige PDF-Datei."))
    return ContentFile(data, name="anhang.pdf")


def attachments_check(uploads) -> list[tuple[str, ContentFile]]:
    """(original name, clean content) per upload; refused with the rule named, before anything is stored."""
    uploads = [upload for upload in uploads or [] if upload]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({FIELD: _("Zu viele Anhänge.") + " " + attachment_rule()})
    checked = []
    for upload in uploads:
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head == b"%PDF-" or upload.name.lower().endswith(".pdf"):
            content = _pdf(upload)
        else:
            if upload.size > MAX_PDF_BYTES:
                raise _refuse(upload, _("Die Datei ist zu groß."))
            try:
                content = photo_process(upload, name="anhang")
            except ValidationError as error:
                raise _refuse(upload, " ".join(error.messages)) from error
        checked.append((upload.name[:200], content))
    return checked


def attachments_store(statement: Statement, checked, stored: list) -> None:
    """Inside the statement's transaction; each stored file goes into `stored` so a failure removes it."""
    for original_name, content in checked:
        attachment = StatementAttachment(statement=statement, original_name=original_name, size=content.size)
        attachment.file.save(content.name, content, save=False)
        stored.append(attachment.file)
        attachment.save()
