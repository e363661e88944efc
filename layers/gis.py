"""Projects for GIS users: project areas and the features of their map layers as datasets."""

from django.db.models import Case, F, Value, When

from geo.datasets import Dataset, register_dataset
from layers.models import Feature, Project


def register() -> None:
    topic_label = Case(
        *[When(topic=v, then=Value(str(label))) for v, label in Project.Topic.choices], default=F("topic")
    )
    register_dataset(
        Dataset(
            name="vorhaben",
            title="Vorhaben (Gebiete)",
            description="Die Gebiete der Planungsvorhaben der Stadt mit Thema und zuständiger Stelle.",
            model=Project,
            fields={
                "titel": "title",
                "slug": "slug",
                "thema": topic_label,
                "kurzbeschreibung": "summary",
                "zustaendig": "office",
                "angelegt_am": "created_at",
            },
            shapefile_names={"kurzbeschreibung": "kurzbeschr", "angelegt_am": "angelegt"},
            geometry="area",
            base=lambda: Project.objects.filter(area__isnull=False),
            datetime_field="created_at",
            filters={"topic": "topic", "project": "slug", "stadtteil": "stadtteile__number"},
        )
    )
    register_dataset(
        Dataset(
            name="vorhaben-ebenen",
            title="Kartenebenen der Vorhaben",
            description="Alle Objekte der Kartenebenen der Vorhaben; die Sachdaten stehen in 'attribute' (JSON).",
            model=Feature,
            fields={
                "vorhaben": "layer__project__title",
                "vorhaben_slug": "layer__project__slug",
                "ebene": "layer__name",
                "attribute": "attributes",
            },
            shapefile_names={"vorhaben_slug": "vorh_slug"},
            filters={"project": "layer__project__slug", "layer": "layer_id"},
        )
    )
