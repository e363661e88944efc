"""Reads of the spatial base: districts, locating a point, searching the gazetteer."""

from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Concat, JSONObject, Round
from django.urls import reverse

from geo.geojson import feature_collection
from geo.models import CityBoundary, Ortsbezirk, Place, Stadtteil
from geo.text import normalize, split_housenumber

# Word similarity needed to match. 0.55 keeps typos such as "Pfaltztheater" (0.69) and cuts the candidates
# for "Rummelstr 9" from 545 (at 0.5) to 54.
GEOCODE_THRESHOLD = 0.55


def stadtteil_list() -> QuerySet[Stadtteil]:
    return Stadtteil.objects.select_related("ortsbezirk").order_by("number")


def stadtteil_choices() -> QuerySet[Stadtteil]:
    """Number and name only, for select boxes: the polygons are large and parsing them costs milliseconds."""
    return Stadtteil.objects.only("id", "number", "name").order_by("number")


def ortsbezirk_list() -> QuerySet[Ortsbezirk]:
    """Innenstadt first, then the outer Ortsbezirke in the order of their Stadtteil numbers; for lists, so
    without the polygons (the map loads them as GeoJSON)."""
    stadtteile = Stadtteil.objects.defer("geom", "label_point").order_by("number")
    return (
        Ortsbezirk.objects.defer("geom")
        .annotate(population=Sum("stadtteile__population"), first_number=Min("stadtteile__number"))
        .order_by("first_number")
        .prefetch_related(Prefetch("stadtteile", queryset=stadtteile))
    )


def _km2(field: str):
    return Round(F(field) / Value(1e6), 3, output_field=FloatField())


def stadtteile_geojson(*, slug: str | None = None) -> str:
    """The Stadtteile as a GeoJSON FeatureCollection, built in SQL (the map of every page loads it)."""
    prefix, suffix = reverse("geo:stadtteil", kwargs={"slug": "-"}).split("/-/")
    queryset = Stadtteil.objects.order_by("number").annotate(
        ortsbezirk_ref=JSONObject(
            name="ortsbezirk__name", slug="ortsbezirk__slug", has_ortsbeirat="ortsbezirk__has_ortsbeirat"
        ),
        km2=_km2("area_m2"),
        url=Concat(Value(prefix + "/"), "slug", Value("/" + suffix), output_field=CharField()),
    )
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    fields = ["number", "name", "long_name", "slug", "ortsbezirk_ref", "population", "km2", "url"]
    rename = {"ortsbezirk_ref": "ortsbezirk", "km2": "area_km2"}  # names of model fields and properties
    return feature_collection(queryset, geometry="geom", fields=fields, rename=rename)


def ortsbezirke_geojson(*, slug: str | None = None) -> str:
    members = Stadtteil.objects.filter(ortsbezirk=OuterRef("pk")).order_by("number")
    queryset = Ortsbezirk.objects.annotate(
        first_number=Subquery(members.values("number")[:1]),
        population=Subquery(members.order_by().values("ortsbezirk").annotate(total=Sum("population")).values("total")),
        area_km2=_km2("area_m2"),
        member_refs=ArraySubquery(members.values(json=JSONObject(number="number", name="name", slug="slug"))),
    ).order_by("first_number")
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    fields = ["name", "slug", "has_ortsbeirat", "population", "area_km2", "member_refs"]
    return feature_collection(queryset, geometry="geom", fields=fields, rename={"member_refs": "stadtteile"})


def city_boundary() -> CityBoundary | None:
    return CityBoundary.objects.first()


@dataclass(frozen=True)
class Location:
    stadtteil: Stadtteil
    ortsbezirk: Ortsbezirk


def locate(point: Point) -> Location | None:
    """The Stadtteil and Ortsbezirk of a WGS84 point, or None outside Kaiserslautern.

    A point exactly on a border between two Stadtteile goes to the lower number, so it is counted once.
    """
    stadtteil = stadtteil_list().filter(geom__intersects=point).first()
    if stadtteil is None:
        return None
    return Location(stadtteil=stadtteil, ortsbezirk=stadtteil.ortsbezirk)


def geocode(query: str, *, limit: int = 10) -> list[Place]:
    """Gazetteer entries matching a free-text query, best first; tolerant of typos and abbreviations."""
    text = normalize(query)
    if not text:
        return []
    street, housenumber = split_housenumber(text)
    # The exact address first when a house number was typed; then places and streets, which come
    # before the many addresses along them.
    rank = Case(
        When(kind=Place.Kind.ADDRESS, housenumber__iexact=housenumber, then=Value(0)),
        When(kind=Place.Kind.ADDRESS, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    queryset = (
        Place.objects.select_related("stadtteil")
        .filter(search_text__trigram_word_similar=text)
        .annotate(
            rank=rank,
            street_score=TrigramWordSimilarity(street, "search_text"),
            score=TrigramWordSimilarity(text, "search_text"),
            # Ties go to the closest whole name: "Pfalztheater" before "Parkhaus Pfalztheater".
            closeness=TrigramSimilarity("search_text", text),
        )
        .order_by("rank", "-street_score", "-score", "-closeness", "label")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [GEOCODE_THRESHOLD])
        return list(queryset[:limit])
