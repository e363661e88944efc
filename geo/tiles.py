"""Mapbox vector tiles built by PostGIS (ST_AsMVT) from any queryset with a 4326 geometry."""

import math

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

EXTENT = 4096
BUFFER = 64
WEB_MERCATOR_WIDTH = 2 * math.pi * 6378137  # metres across the whole world at zoom 0
MAX_ZOOM = 22

# Simplification is one tile pixel at this zoom (ST_AsMVTGeom then snaps to the tile grid), so a
# zoomed-out tile of a dense layer stays small. The && filter on the raw 4326 column uses the GiST index.
TILE_SQL = """
WITH bounds AS (
    SELECT ST_TileEnvelope(%s, %s, %s) AS env, ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326) AS env4326
)
SELECT ST_AsMVT(t, %s, {extent}, 'mvt_geom', 'mvt_id')
FROM (
    SELECT ST_AsMVTGeom(
               ST_Simplify(ST_Transform(q.{geometry}, 3857), %s, true),
               bounds.env, {extent}, {buffer}, true
           ) AS mvt_geom,
           q.{id} AS mvt_id,
           {columns}
    FROM ({query}) q, bounds
    WHERE q.{geometry} && bounds.env4326
) t
WHERE t.mvt_geom IS NOT NULL
"""


def tile_is_valid(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def vector_tile(
    queryset: QuerySet, *, z: int, x: int, y: int, geometry: str, fields: list[str], layer_name: str = "features"
) -> bytes:
    """One MVT tile of `queryset` (empty bytes when nothing lies in it).

    `fields` become feature properties; the first one (or `id`) is the feature id. A jsonb field is
    expanded by ST_AsMVT into one property per key, keeping numbers and booleans as such.
    """
    if not tile_is_valid(z, x, y):
        raise ValueError(f"no tile {z}/{x}/{y}")
    id_field = "id" if "id" in fields else fields[0]
    try:
        sql, params = queryset.values(*fields, geometry).query.sql_with_params()
    except EmptyResultSet:
        return b""
    quote = connection.ops.quote_name
    statement = TILE_SQL.format(
        extent=EXTENT,
        buffer=BUFFER,
        geometry=quote(geometry),
        id=quote(id_field),
        columns=", ".join(f"q.{quote(f)}" for f in fields if f != id_field) or "NULL AS _",
        query=sql,
    )
    tolerance = WEB_MERCATOR_WIDTH / 2**z / EXTENT
    # The parameter order follows the statement: bounds first, then the layer name, the tolerance, the query.
    with connection.cursor() as cursor:
        cursor.execute(statement, (z, x, y, z, x, y, layer_name, tolerance, *params))
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] else b""
