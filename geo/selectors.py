"""Reads of the spatial base: districts and searching the gazetteer (locating: geo.districting)."""

import time

from django.contrib.gis.geos import Point
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.core.cache import cache
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

from geo.geojson import feature_collection, features_from_sql
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
    prefix, suffix = reverse("stadtteil", kwargs={"slug": "-"}).split("/-/")
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


# The city context of every map: street centre lines simplified to ~4 m (invisible on screen) and cut to
# 5 decimals (~1 m), so all of Kaiserslautern's streets fit one cacheable response.
STREETS_SQL = """
    SELECT id, ST_Transform(ST_Simplify(ST_Transform(line, 25832), 4), 4326) AS geom, name,
           ST_Length(line::geography) > %s AS major
    FROM geo_place WHERE kind = %s AND line IS NOT NULL ORDER BY id
"""
MAJOR_STREET_M = 1500  # the gazetteer has no road class; the long streets are the through roads
NEAREST_ADDRESS_M = 150


STREETS_CACHE_KEY = "geo:streets-geojson"


def streets_geojson() -> str:
    """The gazetteer's streets as one GeoJSON FeatureCollection (name, major), built in SQL and cached
    until the gazetteer is reloaded (gazetteer_load clears the key)."""

    def build() -> str:
        features, _count = features_from_sql(
            STREETS_SQL, (MAJOR_STREET_M, Place.Kind.STREET), properties=["name", "major"], precision=5
        )
        return '{"type": "FeatureCollection", "features": ' + features + "}"

    return str(cache.get_or_set(STREETS_CACHE_KEY, build, timeout=None))


# Street names at street zoom, from the gazetteer's own lines (no third-party tiles). Worked in Web Mercator,
# where map pixels are linear: one pixel at zoom z is WEB_MERCATOR_PX / 2^z metres. Each merged part of a street
# long enough for its name gets a label every LABEL_SPACING_PX, at the part's middle when shorter, turned along
# the street (the azimuth over the label's own length). Anchors are deterministic per zoom, so a box only filters
# them: neighbouring boxes agree and the browser can cache every answer.
WEB_MERCATOR_PX = 156543.03392804097
LABEL_ZOOMS = (15, 19)
LABEL_SPACING_PX = 400
LABEL_CHAR_PX = 7  # the width of one character of the 12 px label font, roughly (names are measured in the browser)
STREET_LABELS_SQL = """
    WITH view AS (SELECT ST_MakeEnvelope(%s, %s, %s, %s, 4326) AS box, %s::float8 AS px),
    parts AS (
        SELECT p.id, p.name, ST_Length(p.line::geography) > %s AS major, coalesce(d.path[1], 1) AS part_no,
               d.geom AS part, ST_Length(d.geom) AS len, (length(p.name) * %s + 12) * view.px AS width, view.px
        FROM view, geo_place p, LATERAL ST_Dump(ST_LineMerge(ST_Transform(p.line, 3857))) d
        WHERE p.kind = %s AND p.line && view.box AND d.geom && ST_Transform(view.box, 3857)
    ),
    anchors AS (
        SELECT id, name, major, part_no, n, part,
               (n - 0.5) / greatest(1, floor(len / (%s * px))) AS f, least(0.5, 0.5 * width / len) AS half
        FROM parts, generate_series(1, greatest(1, floor(len / (%s * px)))::int) AS n
        WHERE len >= width
    ),
    placed AS (
        SELECT id * 10000 + part_no * 100 + n AS id, name, major,
               ST_Transform(ST_LineInterpolatePoint(part, f), 4326) AS geom,
               degrees(ST_Azimuth(ST_LineInterpolatePoint(part, greatest(0, f - half)),
                                  ST_LineInterpolatePoint(part, least(1, f + half)))) AS azimuth
        FROM anchors
    )
    -- CSS turns clockwise from the x axis; text is kept upright (between -90 and 90 degrees).
    SELECT id, geom, name, major,
           round((CASE WHEN azimuth - 90 > 90 THEN azimuth - 270
                       WHEN azimuth - 90 <= -90 THEN azimuth + 90 ELSE azimuth - 90 END)::numeric, 1) AS angle
    FROM placed, view WHERE ST_Intersects(geom, view.box) ORDER BY major DESC, id
"""
GAZETTEER_VERSION_KEY = "geo:gazetteer-version"


def street_labels_geojson(bbox: tuple[float, float, float, float], zoom: int) -> str:
    """Label points (name, major, angle in degrees) of the streets in `bbox` at `zoom` (within LABEL_ZOOMS), as a
    GeoJSON FeatureCollection; cached until the gazetteer is reloaded (the version key changes then)."""
    version = cache.get_or_set(GAZETTEER_VERSION_KEY, lambda: str(time.time_ns()), timeout=None)
    key = f"geo:street-labels:{version}:{zoom}:" + ",".join(f"{v:.5f}" for v in bbox)

    def build() -> str:
        spacing = LABEL_SPACING_PX
        params = (*bbox, WEB_MERCATOR_PX / 2**zoom, MAJOR_STREET_M, LABEL_CHAR_PX, Place.Kind.STREET, spacing, spacing)
        with transaction.atomic(), connection.cursor() as cursor:
            # The statement is cheap; JIT compiling it would cost seconds.
            cursor.execute("SET LOCAL jit = off")
            features, _count = features_from_sql(
                STREET_LABELS_SQL, params, properties=["name", "major", "angle"], precision=5
            )
        return '{"type": "FeatureCollection", "features": ' + features + "}"

    return str(cache.get_or_set(key, build, timeout=86400))


def nearest_address(point: Point) -> str | None:
    """The label of the nearest address or street within 150 m, found through the GiST index (KNN)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT CASE WHEN kind = %s THEN name || ' ' || housenumber ELSE name END,
                   ST_Distance(location::geography, ST_GeomFromEWKB(%s)::geography)
            FROM geo_place WHERE kind IN (%s, %s)
            ORDER BY location <-> ST_GeomFromEWKB(%s) LIMIT 1
            """,
            [Place.Kind.ADDRESS, bytes(point.ewkb), Place.Kind.ADDRESS, Place.Kind.STREET, bytes(point.ewkb)],
        )
        row = cursor.fetchone()
    return row[0] if row and row[1] <= NEAREST_ADDRESS_M else None


def name_places(lonlats: list[tuple[float, float]]) -> list[dict]:
    """For each (lon, lat): its Stadtteil's name and the nearest street (by centre line, through the GiST
    index), in one query; for naming a few points such as a density map's densest cells."""
    if not lonlats:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.name, st.name
            FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(lon, lat, n)
            LEFT JOIN geo_stadtteil s ON ST_Intersects(s.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
            LEFT JOIN LATERAL (
                SELECT name FROM geo_place WHERE kind = %s AND line IS NOT NULL
                ORDER BY line <-> ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) LIMIT 1
            ) st ON true
            ORDER BY p.n
            """,
            [[lon for lon, _lat in lonlats], [lat for _lon, lat in lonlats], Place.Kind.STREET],
        )
        return [{"stadtteil": stadtteil, "street": street} for stadtteil, street in cursor.fetchall()]


def city_boundary() -> CityBoundary | None:
    return CityBoundary.objects.first()


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
        # OpenStreetMap names one square several times (the square, its bus stop, its platform): the first of
        # each kind, label and Stadtteil stands for the rest. A few spare rows keep the list full after that.
        seen: set[tuple] = set()
        places: list[Place] = []
        for place in queryset[: limit * 3]:
            key = (place.kind, place.label, place.stadtteil_id)
            if key not in seen:
                seen.add(key)
                places.append(place)
        return places[:limit]
