"""Feedback for GIS users: the entries as "rueckmeldungen" (public: published text and released decisions;
"rueckmeldungen-intern": everything, staff only), and the features open for feedback with counts and shares.
Also the columns that the features GeoJSON of every layer carries (layers.selectors.register_feature_field)."""

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce

from feedback import disclosure
from feedback.models import Feedback
from feedback.selectors import feature_label_sql
from feedback.styling import balance_class_sql
from geo.datasets import Dataset, choice_label, register_dataset
from layers.models import Feature
from layers.selectors import register_feature_field


def _published():
    return Feedback.objects.public()


def _to_weigh():
    return Feedback.objects.exclude(visibility=Feedback.Visibility.REJECTED)


def _open_features():
    return Feature.objects.filter(layer__feedback_open=True)


COMMON = {
    "vorhaben": "project__title",
    "vorhaben_slug": "project__slug",
    "ebene": "layer__name",
    "objekt_id": "feature_id",
    "objekt": feature_label_sql("feature__"),
    "meinung": "opinion",
    "kommentar": "text",
    "ort_gesetzt": "point_given",
    "stadtteil_nr": "stadtteil__number",
    "stadtteil": "stadtteil__name",
    "eingereicht_am": "created_at",
}
SHAPEFILE_NAMES = {  # dBASE allows 10 characters
    "vorhaben_slug": "vorh_slug", "stadtteil_nr": "stt_nr", "eingereicht_am": "eingang",
    "abwaegung_veroeffentlicht_am": "abw_veroef", "abgewogen_am": "abgewogen", "sichtbarkeit": "sichtbar",
    "veroeffentlichte_abwaegung": "abw_oeff", "begruendung": "begruend", "rueckmeldungen": "anzahl",
    "anteil_dafuer": "ant_dafuer", "anteil_neutral": "ant_neutr", "anteil_dagegen": "ant_dageg",
}  # fmt: skip
FILTERS = {"project": "project__slug", "layer": "layer_id", "feature": "feature_id", "stadtteil": "stadtteil__number"}


def _stats(name: str):
    return Coalesce(F(f"feedback_stats__{name}"), 0)


PUBLISHED = disclosure.stats_sql()


def register() -> None:
    register_dataset(
        Dataset(
            name="rueckmeldungen",
            title="Rückmeldungen zu Planungen",
            description="Veröffentlichte Rückmeldungen zu Objekten der Kartenebenen mit Meinung und der "
            "veröffentlichten Abwägung der Stadt (Entscheidung und Begründung).",
            model=Feedback,
            fields={
                **COMMON,
                "abwaegung": choice_label("public_decision", Feedback.Decision.choices),
                "begruendung": "public_reason",
                "abwaegung_veroeffentlicht_am": "released_at",
            },
            geometry="location",
            base=_published,
            datetime_field="created_at",
            filters={**FILTERS, "opinion": "opinion", "decision": "public_decision"},
            shapefile_names=SHAPEFILE_NAMES,
        )
    )
    register_dataset(
        Dataset(
            name="rueckmeldungen-intern",
            title="Rückmeldungen mit Abwägungsstand (intern)",
            description="Alle nicht abgelehnten Rückmeldungen mit Moderation und dem Arbeitsstand der Abwägung, "
            "auch unveröffentlicht. Nur für Mitarbeitende.",
            model=Feedback,
            fields={
                **COMMON,
                "sichtbarkeit": "visibility",
                "abwaegung": "decision",
                "begruendung": "decision_reason",
                "abgewogen_am": "decided_at",
                "veroeffentlichte_abwaegung": "public_decision",
                "abwaegung_veroeffentlicht_am": "released_at",
            },
            geometry="location",
            base=_to_weigh,
            permission="feedback.view_review",
            datetime_field="created_at",
            filters={**FILTERS, "opinion": "opinion", "decision": "decision", "visibility": "visibility"},
            shapefile_names=SHAPEFILE_NAMES,
        )
    )
    total = _stats("total")
    shares = {f"anteil_{o}": disclosure.share_sql(PUBLISHED[o], PUBLISHED["total"]) for o in disclosure.OPINIONS}
    register_dataset(
        Dataset(
            name="rueckmeldungen-objekte",
            title="Objekte mit Rückmeldungen",
            description="Die Objekte der für Rückmeldungen geöffneten Kartenebenen mit der Zahl der Rückmeldungen "
            f"und den Meinungsanteilen (leer bei weniger als {disclosure.SHOWN_FROM} Rückmeldungen je Meinung, "
            "leicht verrauscht nach dem Verfahren der Plattform, docs/privacy.md).",
            model=Feature,
            fields={
                "vorhaben": "layer__project__title",
                "vorhaben_slug": "layer__project__slug",
                "ebene": "layer__name",
                "objekt": feature_label_sql(),
                "rueckmeldungen": total,
                **shares,
                "attribute": "attributes",
            },
            base=_open_features,
            filters={"project": "layer__project__slug", "layer": "layer_id"},
            shapefile_names=SHAPEFILE_NAMES,
        )
    )
    if not settings.FEEDBACK_COUNTS_ON_FEATURES:
        return
    register_feature_field("feedback_count", total)
    register_feature_field("feedback_class", balance_class_sql(total, PUBLISHED))  # the legend's class
    for opinion in disclosure.OPINIONS:
        register_feature_field(opinion, PUBLISHED[opinion])
