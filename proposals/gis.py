"""Ideas for GIS users: the published ideas as a dataset, and idea counts as columns of the districts."""

from django.db.models import Case, Count, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf

from geo.datasets import Dataset, register_dataset, register_district_measure
from geo.models import Stadtteil
from geo.styles import Style
from proposals.models import Category, Idea


def _published():
    return Idea.objects.public()


def _per_district(lookup: str, aggregate):
    """Per Stadtteil (lookup "stadtteil") or Ortsbezirk ("stadtteil__ortsbezirk") as a correlated subquery."""
    rows = _published().filter(**{lookup: OuterRef("pk")}).order_by().values(lookup)
    return Coalesce(Subquery(rows.annotate(value=aggregate).values("value")), 0)


def _population(level: str):
    if level == "stadtteile":
        return F("population")
    rows = Stadtteil.objects.filter(ortsbezirk=OuterRef("pk")).order_by().values("ortsbezirk")
    return Subquery(rows.annotate(total=Sum("population")).values("total"))


def register() -> None:
    status_label = Case(
        *[When(status=value, then=Value(str(label))) for value, label in Idea.Status.choices], default=F("status")
    )
    register_dataset(
        Dataset(
            name="ideen",
            title="Ideen",
            description="Veröffentlichte Ideen mit Kategorie, Status, Antwort der Stadt, Unterstützung und Stadtteil.",
            model=Idea,
            fields={
                "titel": "title",
                "beschreibung": "description",
                "kategorie": "category__name",
                "status": status_label,
                "antwort_der_stadt": "official_answer",
                "beantwortet_am": "answered_at",
                "unterstuetzungen": "support_count",
                "kommentare": "comment_count",
                "stadtteil_nr": "stadtteil__number",
                "stadtteil": "stadtteil__name",
                "ortsbezirk": "stadtteil__ortsbezirk__name",
                "vorhaben": "project__title",
                "eingereicht_am": "created_at",
                "veroeffentlicht_am": "published_at",
            },
            shapefile_names={
                "beschreibung": "beschreibg",
                "antwort_der_stadt": "antwort",
                "beantwortet_am": "antwort_am",
                "unterstuetzungen": "unterstuet",
                "stadtteil_nr": "stadtt_nr",
                "eingereicht_am": "eingang_am",
                "veroeffentlicht_am": "veroeff_am",
            },
            geometry="location",
            style=Style(attribute="kategorie", classes=lambda: list(Category.objects.values_list("name", "color"))),
            base=_published,
            datetime_field="created_at",
            filters={
                "status": "status",
                "category": "category__slug",
                "stadtteil": "stadtteil__number",
                "project": "project__slug",
            },
        )
    )
    for level, lookup in (("stadtteile", "stadtteil"), ("ortsbezirke", "stadtteil__ortsbezirk")):
        ideas = _per_district(lookup, Count("pk"))
        register_district_measure(level, "ideen", ideas)
        supports = _per_district(lookup, Sum("support_count"))
        register_district_measure(level, "unterstuetzungen", supports, short_name="unterstuet")
        rate = ideas * Value(1000.0) / NullIf(_population(level), 0)
        register_district_measure(level, "ideen_je_1000_ew", rate, short_name="ideen_1000")
