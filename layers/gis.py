"""Projects for GIS users: project areas and the features of their map layers as datasets."""

from django.db.models import Case, F, Value, When

from geo.datasets import Dataset, register_dataset
from geo.styles import Style
from layers.models import Feature, Layer, Project

# The colours of static/js/projects.js, for the QGIS project.
TOPIC_COLOURS = {
    "stadtplanung": "#1d4f91", "verkehr": "#b34700", "freizeit": "#2e7d32", "umwelt": "#00695c",
    "soziales": "#7b1fa2", "bildung": "#8d6e00", "wirtschaft": "#455a64",
}  # fmt: skip


def _layer_colours() -> list[tuple[str, str]]:
    return list(Layer.objects.order_by("name").values_list("name", "stroke_color").distinct("name"))


def register() -> None:
    # The labels as "thema" carries them: in the language at start-up, as topic_label below.
    topic_colours = [(str(label), TOPIC_COLOURS.get(value, "#1d4f91")) for value, label in Project.Topic.choices]
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
            style=Style(attribute="thema", classes=lambda: topic_colours),
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
            style=Style(attribute="ebene", classes=_layer_colours),
            filters={"project": "layer__project__slug", "layer": "layer_id"},
        )
    )
