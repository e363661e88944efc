"""GeoJSON built by PostgreSQL: no per-feature geometry work in Python on map paths."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

EMPTY = '{"type": "FeatureCollection", "features": []}'

FEATURE_COLLECTION_SQL = """
SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'id', t.{id},
        'geometry', ST_AsGeoJSON(t.{geometry}, {precision})::json,
        'properties', to_jsonb(t) - %s
    )), '[]'::json)
)::text
FROM ({query}) t
"""


def feature_collection(queryset: QuerySet, *, geometry: str, fields: list[str], precision: int = 6) -> str:
    """A GeoJSON FeatureCollection (as text) of `queryset`, with `fields` as properties.

    `fields` are passed to `.values()`, so annotations and related lookups work; name them with
    annotations (e.g. `stadtteil_name=F("stadtteil__name")`) to get readable property names.
    Slicing, filtering and ordering of the queryset are kept.
    """
    id_field = "id" if "id" in fields else fields[0]
    try:
        sql, params = queryset.values(*fields, geometry).query.sql_with_params()
    except EmptyResultSet:  # e.g. .none() or an empty __in filter: Django sends no query
        return EMPTY
    statement = FEATURE_COLLECTION_SQL.format(
        id=connection.ops.quote_name(id_field),
        geometry=connection.ops.quote_name(geometry),
        precision=int(precision),
        query=sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (geometry, *params))
        return cursor.fetchone()[0]
