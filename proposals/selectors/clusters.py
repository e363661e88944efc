"""Clustered ideas for the low zooms of the map, computed in PostGIS."""

from django.db import connection

from proposals.models import Category, ClusterCell
from proposals.selectors.ideas import IdeaFilter, idea_public_list
from proposals.services.clusters import CELL_PIXELS, MAX_CLUSTER_ZOOM, MIN_CLUSTER_ZOOM, WORLD_METRES

WORLD_BBOX = (-180.0, -85.0, 180.0, 85.0)

# The bbox in Web Mercator and the cell size at the zoom; params: x1, y1, x2, y2, zoom.
_BOX = f"""
WITH b AS (SELECT ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 3857) AS m,
                  {WORLD_METRES} / (256 * 2 ^ %s) * {CELL_PIXELS} AS size)
"""

_COLLECTION = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', json_build_object('type', 'Point', 'coordinates',
                                  json_build_array(round(lon::numeric, 6), round(lat::numeric, 6))),
    'properties', json_build_object('count', n)
)), '[]'::json))::text
FROM c
"""

# params: _BOX, then all_categories (bool), category ids
_FROM_CELLS = f"""{_BOX}, c AS (
    SELECT sum(count) AS n, sum(sum_lon) / sum(count) AS lon, sum(sum_lat) / sum(count) AS lat
    FROM {ClusterCell._meta.db_table}, b
    WHERE zoom = %s
      AND cx BETWEEN floor(ST_XMin(b.m) / b.size) AND floor(ST_XMax(b.m) / b.size)
      AND cy BETWEEN floor(ST_YMin(b.m) / b.size) AND floor(ST_YMax(b.m) / b.size)
      AND (%s OR category_id = ANY(%s))
    GROUP BY cx, cy
    HAVING sum(count) > 0
){_COLLECTION}"""  # noqa: S608 (table name from the model)

# params: _BOX, then the ideas query's own; the grid's origin at half a cell makes its cells those of ClusterCell.
_ON_THE_FLY = """, c AS (
    SELECT count(*) AS n, avg(ST_X(i.location)) AS lon, avg(ST_Y(i.location)) AS lat
    FROM ({ideas}) i, b
    GROUP BY ST_SnapToGrid(ST_Transform(i.location, 3857), b.size / 2, b.size / 2, b.size, b.size)
)"""


def clamp_zoom(zoom: int) -> int:
    return max(MIN_CLUSTER_ZOOM, min(MAX_CLUSTER_ZOOM, zoom))


def idea_clusters(filters: IdeaFilter, *, zoom: int) -> str:
    """Clusters of the public ideas in the bbox as a GeoJSON FeatureCollection (property `count`).

    With no filter but categories the per-zoom cells kept on write answer; any other filter groups the
    matching ideas on the fly, which is slower but exact for every combination.
    """
    if not filters.only_categories:
        return idea_clusters_on_the_fly(filters, zoom=zoom)
    zoom = clamp_zoom(zoom)
    ids = list(Category.objects.filter(slug__in=filters.categories).values_list("id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(_FROM_CELLS, [*(filters.bbox or WORLD_BBOX), zoom, zoom, not filters.categories, ids])
        return cursor.fetchone()[0]


def idea_clusters_on_the_fly(filters: IdeaFilter, *, zoom: int) -> str:
    """The same grid computed from the matching ideas with ST_SnapToGrid (also the benchmark's baseline)."""
    zoom = clamp_zoom(zoom)
    sql, params = idea_public_list(filters).values("location").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            _BOX + _ON_THE_FLY.format(ideas=sql) + _COLLECTION, [*(filters.bbox or WORLD_BBOX), zoom, *params]
        )
        return cursor.fetchone()[0]
