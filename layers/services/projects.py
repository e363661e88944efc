"""Writes for projects, their phases, documents and news; the Stadtteile are joined in the database."""

from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from geo.districting import stadtteile_touched
from layers.models import Document, Layer, NewsItem, Phase, Project
from layers.services.common import save_fields

PROJECT_FIELDS = {
    "title", "slug", "summary", "summary_easy", "topic", "area", "body", "office", "contact_name", "contact_email",
    "contact_phone", "cover_image", "cover_alt", "ideas_open_from", "ideas_open_until", "moderation", "is_demo",
}  # fmt: skip


def project_sync_stadtteile(*, project: Project) -> None:
    """The Stadtteile the project's area touches, joined in the database (no area: none)."""
    if project.area is None:
        project.stadtteile.clear()
        return
    project.stadtteile.set(stadtteile_touched(project.area))


@transaction.atomic
def project_create(*, title: str, slug: str, summary: str, topic: str, **details: Any) -> Project:
    project = save_fields(Project(title=title, slug=slug, summary=summary, topic=topic), details, PROJECT_FIELDS)
    project_sync_stadtteile(project=project)
    return project


@transaction.atomic
def project_update(*, project: Project, data: dict[str, Any]) -> Project:
    save_fields(project, data, PROJECT_FIELDS)
    project_sync_stadtteile(project=project)
    return project


@transaction.atomic
def project_set_area_from_layer(*, project: Project, layer: Layer) -> Project:
    """The project's area from a layer: the union of small layers, the convex hull of large ones."""
    union = "ST_UnaryUnion(ST_Collect(geom))" if layer.feature_count <= 5000 else "ST_ConvexHull(ST_Collect(geom))"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ST_AsEWKB({union}) FROM layers_feature WHERE layer_id = %s", [layer.pk])  # noqa: S608
        wkb = cursor.fetchone()[0]
    return project_update(project=project, data={"area": GEOSGeometry(memoryview(wkb)) if wkb else None})


@transaction.atomic
def phase_create(*, project: Project, kind: str, starts_on, ends_on=None, description: str = "") -> Phase:
    phase = Phase(project=project, kind=kind, starts_on=starts_on, ends_on=ends_on, description=description)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})
    phase.full_clean()
    phase.save()
    return phase


def validate_pdf(upload) -> None:
    """PDF by name, by content (the %PDF- signature) and by size; browsers' content types are not trusted."""
    limit = settings.LAYERS_DOCUMENT_MAX_BYTES
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError({"file": _("Nur PDF-Dateien sind erlaubt.")})
    if upload.size > limit:
        raise ValidationError({"file": _("Die Datei ist zu groß (höchstens %d MB).") % (limit // (1024 * 1024))})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"file": _("Die Datei ist keine gültige PDF-Datei.")})


@transaction.atomic
def document_create(*, project: Project, title: str, file=None, url: str = "", order: int = 0) -> Document:
    if bool(file) == bool(url):
        raise ValidationError({"file": _("Bitte entweder eine PDF-Datei hochladen oder einen Link angeben.")})
    if file:
        validate_pdf(file)
    document = Document(project=project, title=title, url=url, order=order)
    if file:
        document.file = file
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def news_create(*, project: Project, title: str, body: str, published_on=None) -> NewsItem:
    news = NewsItem(project=project, title=title, body=body)
    if published_on is not None:
        news.published_on = published_on
    news.full_clean()
    news.save()
    return news
