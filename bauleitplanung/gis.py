"""Located statements for GIS users as the dataset "stellungnahmen": staff only (the rule
bauleitplanung.view_statements), without names or contact; exports, OGC API and WFS through geo.datasets."""

from bauleitplanung.models import Statement, Step
from geo.datasets import Dataset, choice_label, register_dataset


def _located():
    return Statement.objects.filter(location__isnull=False)


def register() -> None:
    register_dataset(
        Dataset(
            name="stellungnahmen",
            title="Stellungnahmen im Bauleitplanverfahren (intern)",
            description="Stellungnahmen mit Ort aus den förmlichen Beteiligungen (§§ 3, 4, 4a BauGB): Nummer, "
            "Verfahrensschritt, Eingangsweg, Eingang und Text, ohne Namen und Kontaktdaten. Nur für die Stadtplanung.",
            model=Statement,
            fields={
                "vorhaben": "procedure__project__title",
                "vorhaben_slug": "procedure__project__slug",
                "nummer": "number",
                "schritt": choice_label("step__kind", Step.Kind.choices),
                "eingangsweg": choice_label("channel", Statement.Channel.choices),
                "eingang": "received_at",
                "verspaetet": "is_late",
                "stellungnahme": "text",
            },
            geometry="location",
            base=_located,
            permission="bauleitplanung.view_statements",
            datetime_field="received_at",
            filters={"project": "procedure__project__slug", "channel": "channel"},
            shapefile_names={"vorhaben_slug": "vorh_slug", "eingangsweg": "eingang_w", "stellungnahme": "text"},
        )
    )
