"""GeoJSON built by PostgreSQL: no per-feature geometry work in Python on map paths."""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FieldError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateTimeField, F, QuerySet

EMPTY_COLLECTION = '{"type": "FeatureCollection", "features": []}'


def datetime_columns(values: QuerySet) -> frozenset[str]:
    """The names of the date-time columns that a `.values()` queryset selects (Django knows their types)."""
    select, _klass_info, _annotations = values.query.get_compiler(values.db).get_select()
    names = set()
    for expression, _sql, name in select:
        try:
            if name and isinstance(expression.output_field, DateTimeField):
                names.add(name)
        except FieldError:  # an expression of mixed types is no date-time
            continue
    return frozenset(names)


def _properties_sql(names: list[str], quote, datetimes: Collection[str]) -> str:
    # json_build_object keeps the column order (jsonb would sort the keys) and never touches the geometry.
    # Date-times to the millisecond (truncated: never a second later than stored). PostgreSQL writes
    # microseconds; GDAL keeps seconds as a 32-bit float, turns 59.9999996 into 60, and pyogrio then fails
    # on "microsecond must be in 0..999999". Milliseconds survive the float.
    def value(name: str) -> str:
        column = f"t.{quote(name)}"
        return f"date_trunc('milliseconds', {column})" if name in datetimes else column

    pairs = ", ".join(f"'{name.replace(chr(39), chr(39) * 2)}', {value(name)}" for name in names)
    return f"json_build_object({pairs})" if names else "'{}'::json"


def features_from_sql(sql: str, params: tuple, **options) -> tuple[str, int]:
    """The JSON array of GeoJSON Features (as text) and their number; the options of features_page_from_sql."""
    features, returned, _ = features_page_from_sql(sql, params, **options)
    return features, returned


def features_page_from_sql(
    sql: str,
    params: tuple,
    *,
    properties: list[str],
    precision: int = 6,
    using: str = DEFAULT_DB_ALIAS,
    time_zone: str | None = None,
    datetimes: Collection[str] = (),
) -> tuple[str, int, int | None]:
    """The JSON array of GeoJSON Features (as text), their number and the largest id (the key of the next page
    when paging by id), for SQL selecting `id`, `geom` and the `properties` columns. `datetimes` names the
    date-time properties (written to the millisecond); with `time_zone`, date-times carry that zone's offset."""
    connection = connections[using]
    # The zone is set in the statement itself (local to its transaction): the rows become JSON above the join,
    # after the one-row CTE has run, and no extra round trip or transaction is needed.
    zone_cte, zone_join = (
        ("WITH zone AS MATERIALIZED (SELECT set_config('TimeZone', %s, true)) ", ", zone") if time_zone else ("", "")
    )
    statement = f"""
        {zone_cte}SELECT coalesce(json_agg(json_build_object(
                   'type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.geom, %s)::json,
                   'properties', {_properties_sql(properties, connection.ops.quote_name, datetimes)}
               )), '[]'::json)::text,
               count(*), max(t.id)
        FROM ({sql}) t{zone_join}
    """  # noqa: S608 (quoted identifiers and our own SQL; values stay parameters)
    with connection.cursor() as cursor:
        cursor.execute(statement, ((time_zone,) if time_zone else ()) + (precision, *params))
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
    try:
        statement = feature_collection_statement(queryset, geometry=geometry, fields=fields, rename=rename)
    except EmptyResultSet:  # e.g. .none() or an empty __in filter: Django sends no query
        return EMPTY_COLLECTION
    return feature_collection_from_statement(statement, precision=precision)


@dataclass(frozen=True)
class FeatureStatement:
    """What feature_collection sends: kept by a caller whose queryset costs more to compile than to run."""

    sql: str
    params: tuple
    names: list[str]
    datetimes: frozenset[str]
    using: str


def feature_collection_statement(
    queryset: QuerySet, *, geometry: str, fields: list[str], rename: dict[str, str] | None = None
) -> FeatureStatement:
    """The statement of feature_collection (raises EmptyResultSet when Django would send none)."""
    properties = [f for f in fields if f != "id"]
    inner = queryset.annotate(feature_id=F("pk"), feature_geom=F(geometry))
    values = inner.values(*properties, "feature_id", "feature_geom")
    sql, params = values.query.sql_with_params()
    quote, rename = connections[queryset.db].ops.quote_name, rename or {}
    columns = "".join(f", q.{quote(f)} AS {quote(rename.get(f, f))}" for f in properties)
    outer = f"SELECT q.feature_id AS id, q.feature_geom AS geom{columns} FROM ({sql}) q"  # noqa: S608 (identifiers)
    names = [rename.get(f, f) for f in properties]
    datetimes = frozenset(rename.get(f, f) for f in datetime_columns(values))
    return FeatureStatement(outer, tuple(params), names, datetimes, queryset.db)


def feature_collection_from_statement(statement: FeatureStatement, *, precision: int = 6) -> str:
    features, _ = features_from_sql(
        statement.sql, statement.params, properties=statement.names, precision=precision, using=statement.using,
        datetimes=statement.datetimes,
    )  # fmt: skip
    return '{"type": "FeatureCollection", "features": ' + features + "}"
