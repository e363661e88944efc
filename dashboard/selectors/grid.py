"""Density grids in EPSG:25832 (squares or hexagons of an adjustable size), as GeoJSON in EPSG:4326."""

import json

from django.db import connection

from dashboard.cache import cached
from dashboard.filters import Filters
from dashboard.selectors import base
from geo.spatial import UTM32, WGS84
from surveys.models import Question
from surveys.results import density_grid

# A point's square is plain arithmetic on its coordinates, far cheaper than a join with generated cells.
SQUARE_CELLS = """
SELECT floor(ST_X(g) / %s)::int AS i, floor(ST_Y(g) / %s)::int AS j, count(*) AS n
FROM p GROUP BY 1, 2
"""
# A hexagon grid is not a product of intervals: ask ST_HexagonGrid for the one hexagon around each point.
HEXAGON_CELLS = """
SELECT h.i, h.j, count(*) AS n
FROM p CROSS JOIN LATERAL (
    SELECT c.i, c.j FROM ST_HexagonGrid(%s, p.g) c WHERE ST_Intersects(c.geom, p.g) LIMIT 1
) h
GROUP BY 1, 2
"""
# OFFSET 0 keeps the planner from inlining p, which would transform each point twice (for ST_X and ST_Y).
GRID_SQL = """
WITH p AS (SELECT ST_Transform(q.location, {utm}) AS g FROM ({points}) q OFFSET 0),
cells AS ({cells})
SELECT json_build_object('type', 'FeatureCollection', 'cell_size_m', %s, 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature',
        'geometry', ST_AsGeoJSON(
            ST_Transform({shape}(%s, i, j, ST_SetSRID(ST_MakePoint(0, 0), {utm})), {wgs}), 6
        )::json,
        'properties', json_build_object('count', n)
    ) ORDER BY i, j), '[]'::json))::text
FROM cells WHERE n >= %s
"""


def idea_grid_sql(filters: Filters, *, public: bool = False, min_count: int = 1) -> tuple[str, list]:
    points = base.ideas(filters, public=public).order_by().values("location")
    points_sql, points_params = points.query.sql_with_params()
    size = filters.cell_m
    if filters.hexagons:
        cells, cell_params, shape = HEXAGON_CELLS, [size], "ST_Hexagon"
    else:
        cells, cell_params, shape = SQUARE_CELLS, [size, size], "ST_Square"
    sql = GRID_SQL.format(utm=UTM32, wgs=WGS84, points=points_sql, cells=cells, shape=shape)
    return sql, [*points_params, *cell_params, size, size, min_count]


def idea_grid(filters: Filters, *, public: bool = False) -> dict:
    """Ideas are public: every cell with at least one idea is shown."""

    def build() -> str:
        sql, params = idea_grid_sql(filters, public=public)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    return json.loads(cached("idea-grid", {**filters.key(), "public": public}, build))


def answer_grid(filters: Filters, *, exact: bool = False) -> dict | None:
    """Map answers to the chosen question, counted and published by the surveys app (squares; through the
    disclosure policy unless `exact`)."""
    if not filters.question_id:
        return None
    question = Question.objects.get(pk=filters.question_id)
    if not question.is_map:
        return None
    return json.loads(
        cached(
            "answer-grid",
            {"q": question.pk, "size": filters.cell_m, "exact": exact},
            lambda: density_grid(question, exact=exact, size=filters.cell_m),
        )
    )
