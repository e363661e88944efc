"""Cluster cells: published ideas counted per Web-Mercator grid cell, updated in the same transaction as the idea."""

from django.db import connection

from proposals.models import ClusterCell, Idea

# Clusters up to this zoom; from MAX_CLUSTER_ZOOM + 1 the map loads single ideas of the visible area.
MIN_CLUSTER_ZOOM = 8
MAX_CLUSTER_ZOOM = 15
CLUSTER_ZOOMS = range(MIN_CLUSTER_ZOOM, MAX_CLUSTER_ZOOM + 1)
WORLD_METRES = 40075016.68557849  # width of the Web-Mercator world
CELL_PIXELS = 64  # a cluster cell is 64 screen pixels wide at its zoom


def cell_size(zoom: int) -> float:
    return WORLD_METRES / (256 * 2**zoom) * CELL_PIXELS


_CELL_SIZES = "SELECT z, %s / (256 * 2 ^ z) * %s AS size FROM generate_series(%s, %s) AS z"

_UPSERT = f"""
INSERT INTO {ClusterCell._meta.db_table} (zoom, category_id, cx, cy, count, sum_lon, sum_lat)
SELECT g.z, i.category_id,
       floor(ST_X(ST_Transform(i.location, 3857)) / g.size)::int,
       floor(ST_Y(ST_Transform(i.location, 3857)) / g.size)::int,
       %s, %s * ST_X(i.location), %s * ST_Y(i.location)
FROM {Idea._meta.db_table} i, ({_CELL_SIZES}) g
WHERE i.id = %s
ON CONFLICT (zoom, category_id, cx, cy) DO UPDATE SET
    count = {ClusterCell._meta.db_table}.count + EXCLUDED.count,
    sum_lon = {ClusterCell._meta.db_table}.sum_lon + EXCLUDED.sum_lon,
    sum_lat = {ClusterCell._meta.db_table}.sum_lat + EXCLUDED.sum_lat
"""  # noqa: S608 (table names from the models)


def cells_apply(*, idea_id: int, delta: int) -> None:
    """Add (delta=1) or remove (delta=-1) one idea to or from its cell on every cluster zoom.

    The upsert is atomic in PostgreSQL, so concurrent publications of ideas in one cell both count.
    """
    params = [delta, delta, delta, WORLD_METRES, CELL_PIXELS, MIN_CLUSTER_ZOOM, MAX_CLUSTER_ZOOM, idea_id]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, params)


def cells_rebuild() -> None:
    """Recompute every cell from the published ideas in one statement (after bulk loads such as the seeder)."""
    table = ClusterCell._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (table name from the model)
        cursor.execute(
            f"""
            INSERT INTO {table} (zoom, category_id, cx, cy, count, sum_lon, sum_lat)
            SELECT g.z, i.category_id,
                   floor(ST_X(p.m) / g.size)::int, floor(ST_Y(p.m) / g.size)::int,
                   count(*), sum(ST_X(i.location)), sum(ST_Y(i.location))
            FROM {Idea._meta.db_table} i
            CROSS JOIN LATERAL (SELECT ST_Transform(i.location, 3857) AS m) p
            CROSS JOIN ({_CELL_SIZES}) g
            WHERE i.visibility = %s
            GROUP BY 1, 2, 3, 4
            """,  # noqa: S608
            [WORLD_METRES, CELL_PIXELS, MIN_CLUSTER_ZOOM, MAX_CLUSTER_ZOOM, Idea.Visibility.PUBLISHED],
        )
