"""Reads of the spatial base: districts, locating a point, searching the gazetteer."""

from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Min, QuerySet, Sum, Value, When

from geo.models import CityBoundary, Ortsbezirk, Place, Stadtteil
from geo.text import normalize, split_housenumber

# pg_trgm's default (0.6) misses common typos; below 0.45 a short query matches almost anything.
GEOCODE_THRESHOLD = 0.45


def stadtteil_list() -> QuerySet[Stadtteil]:
    return Stadtteil.objects.select_related("ortsbezirk").order_by("number")


def ortsbezirk_list() -> QuerySet[Ortsbezirk]:
    """Innenstadt first, then the outer Ortsbezirke in the order of their Stadtteil numbers."""
    return (
        Ortsbezirk.objects.annotate(population=Sum("stadtteile__population"), first_number=Min("stadtteile__number"))
        .order_by("first_number")
        .prefetch_related("stadtteile")
    )


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
