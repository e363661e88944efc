"""GeoJSON built by PostgreSQL: no per-feature geometry work in Python on map paths."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet

FEATURES_SQL = """
SELECT coalesce(json_agg(json_build_object(
           'type', 'Feature',
           'id', t.id,
           'geometry', ST_AsGeoJSON(t.geom, %s)::json,
           'properties', to_jsonb(t) - 'geom' - 'id'
       )), '[]'::json)::text,
       count(*)
FROM ({query}) t
"""


def features_from_sql(sql: str, params: tuple, *, precision: int = 6) -> tuple[str, int]:
    """The JSON array of GeoJSON Features (as text) and their number, for SQL selecting `id`, `geom` and
    any other columns, which become the properties."""
    with connection.cursor() as cursor:
        cursor.execute(FEATURES_SQL.format(query=sql), (precision, *params))
        return cursor.fetchone()


def feature_collection(
    queryset: QuerySet, *, geometry: str, fields: list[str], precision: int = 6, rename: dict[str, str] | None = None
) -> str:
    """A GeoJSON FeatureCollection (as text) of `queryset`, with `fields` as properties.

    `fields` are passed to `.values()`, so annotations and related lookups work; name them with
    annotations (e.g. `stadtteil_name=F("stadtteil__name")`) to get readable property names.
    `rename` gives a property another name than its annotation, e.g. one that clashes with a model field.
    Slicing, filtering and ordering of the queryset are kept. The feature id is the primary key.
    """
    properties = [f for f in fields if f != "id"]
    try:
        inner = queryset.annotate(feature_id=F("pk"), feature_geom=F(geometry))
        sql, params = inner.values(*properties, "feature_id", "feature_geom").query.sql_with_params()
    except EmptyResultSet:  # e.g. .none() or an empty __in filter: Django sends no query
        return '{"type": "FeatureCollection", "features": []}'
    quote, rename = connection.ops.quote_name, rename or {}
    columns = "".join(f", q.{quote(f)} AS {quote(rename.get(f, f))}" for f in properties)
    outer = f"SELECT q.feature_id AS id, q.feature_geom AS geom{columns} FROM ({sql}) q"  # noqa: S608 (identifiers)
    features, _ = features_from_sql(outer, params, precision=precision)
    return '{"type": "FeatureCollection", "features": ' + features + "}"
