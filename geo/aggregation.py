"""Counting by place: district levels in one pass and density grids, every count with its cell key.

Callers give a source query with a `record` column (the id whose key counts: respondent, author) and either
a `stadtteil_id` column (district levels) or a `geom` column (grids); the result goes through
geo.disclosure before anyone sees it.
"""

import json
from collections.abc import Sequence

from django.db import connection

from geo.disclosure import Cell, publish, publish_within
from geo.disclosure import record_key_sql as _key
from geo.spatial import UTM32, WGS84

STADTTEIL, ORTSBEZIRK, CITY = "stadtteil", "ortsbezirk", "city"
GRID_CELL_M = 500
# GROUPING(s.id, s.ortsbezirk_id): a bit is set for each column not grouped by.
_LEVELS = {0: STADTTEIL, 2: ORTSBEZIRK, 3: CITY}

LEVELS_SQL = """
SELECT GROUPING(s.id, s.ortsbezirk_id), s.id, s.ortsbezirk_id{by}, {count}, {key}{extra}
FROM ({source}) src
LEFT JOIN geo_stadtteil s ON s.id = src.stadtteil_id
GROUP BY GROUPING SETS (({by_cols}), (s.id, s.ortsbezirk_id{by}), (s.ortsbezirk_id{by}))
"""

# A point falls into exactly one square: the cell index is arithmetic, cheaper than a join. With one point
# per record nothing needs removing twice (OFFSET 0 keeps the planner from transforming each point twice).
POINT_HITS = """
SELECT p.record, floor(ST_X(p.g) / {size})::int AS i, floor(ST_Y(p.g) / {size})::int AS j
FROM (SELECT src.record, ST_Transform(src.geom, {utm}) AS g FROM ({source}) src OFFSET 0) p
"""
# Otherwise several points of one record in a cell count once; lines and areas count in every square they
# touch.
SQUARE_HITS = """
SELECT DISTINCT src.record, floor(ST_X(p.geom) / {size})::int AS i, floor(ST_Y(p.geom) / {size})::int AS j
FROM ({source}) src, ST_Dump(ST_Transform(src.geom, {utm})) p
WHERE ST_Dimension(src.geom) = 0
UNION
SELECT src.record, c.i, c.j
FROM ({source}) src CROSS JOIN LATERAL ST_SquareGrid({size}, ST_Transform(src.geom, {utm})) c
WHERE ST_Dimension(src.geom) > 0 AND ST_Intersects(c.geom, ST_Transform(src.geom, {utm}))
"""
HEXAGON_HITS = """
SELECT DISTINCT src.record, c.i, c.j
FROM ({source}) src CROSS JOIN LATERAL ST_HexagonGrid({size}, ST_Transform(src.geom, {utm})) c
WHERE ST_Intersects(c.geom, ST_Transform(src.geom, {utm}))
"""
# One point lies in one hexagon: the first that holds it (a point on an edge would otherwise count twice).
POINT_HEXAGON_HITS = """
SELECT p.record, h.i, h.j
FROM (SELECT src.record, ST_Transform(src.geom, {utm}) AS g FROM ({source}) src OFFSET 0) p
CROSS JOIN LATERAL (
    SELECT c.i, c.j FROM ST_HexagonGrid({size}, p.g) c WHERE ST_Intersects(c.geom, p.g) LIMIT 1
) h
"""
GRID_COUNTS_SQL = "SELECT i, j, count(*), sum({key}) FROM ({hits}) h GROUP BY i, j"
GRID_GEOJSON_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'cell_size_m', %(size)s, 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature',
        'geometry', ST_AsGeoJSON(ST_Transform(
            {shape}(%(size)s, c.i, c.j, ST_SetSRID(ST_MakePoint(0, 0), {utm})), {wgs}), 6)::json,
        'properties', c.props
    ) ORDER BY c.i, c.j), '[]'::json))::text
FROM unnest(%(i)s::int[], %(j)s::int[], %(props)s::json[]) c(i, j, props)
"""


def district_levels(
    source: str,
    params: Sequence = (),
    *,
    by: Sequence[str] = (),
    extra: Sequence[str] = (),
    counted: tuple[str, str] | None = None,
) -> dict[tuple, tuple]:
    """Counts per Stadtteil, Ortsbezirk and the whole city in one statement (GROUPING SETS).

    `source` selects `record` and `stadtteil_id` (NULL: counted in the city only) and the `by` columns;
    `extra` are further aggregates over `src`. Returns {(level, district id or None, *by): (count, key,
    *extra)}; rows without a district at the district levels are left out. `counted` replaces the count and
    key aggregates for a source of counted rows (a rollup: its count and key columns summed)."""
    by_sql = "".join(f", src.{column}" for column in by)
    sql = LEVELS_SQL.format(
        source=source,
        by=by_sql,
        by_cols=by_sql.lstrip(", "),
        count=counted[0] if counted else "count(*)",
        key=counted[1] if counted else f"sum({_key('src.record')})",
        extra="".join(f", {e}" for e in extra),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.fetchall()
    found: dict[tuple, tuple] = {}
    for grouping, stadtteil_id, ortsbezirk_id, *rest in rows:
        level = _LEVELS[grouping]
        district = {STADTTEIL: stadtteil_id, ORTSBEZIRK: ortsbezirk_id, CITY: None}[level]
        if level != CITY and district is None:
            continue
        groups, values = rest[: len(by)], rest[len(by) :]
        found[(level, district, *groups)] = (values[0], int(values[1] or 0), *values[2:])
    return found


def grid_counts(
    source: str, params: Sequence = (), *, size: int = GRID_CELL_M, hexagons: bool = False, points: bool = False
) -> dict:
    """{(i, j): (count of records, key)} of the EPSG:25832 grid; `source` selects `record` and `geom`
    (`points`: one point per record)."""
    templates = {(False, True): POINT_HITS, (False, False): SQUARE_HITS, (True, True): POINT_HEXAGON_HITS}
    template = templates.get((hexagons, points), HEXAGON_HITS)
    hits = template.format(source=source, size=int(size), utm=UTM32)
    repeats = 2 if template is SQUARE_HITS else 1  # the square query reads the source twice (points, shapes)
    with connection.cursor() as cursor:
        cursor.execute(GRID_COUNTS_SQL.format(hits=hits, key=_key("h.record")), list(params) * repeats)
        return {(i, j): (n, int(key)) for i, j, n, key in cursor.fetchall()}


def grid_geojson(cells: dict[tuple[int, int], Cell], *, size: int = GRID_CELL_M, hexagons: bool = False) -> str:
    """Published grid cells as a GeoJSON FeatureCollection (text, WGS84). Suppressed cells are left out: even
    their outline would say that someone marked a place in that square."""
    shown = [(key, cell) for key, cell in sorted(cells.items()) if not cell.suppressed and cell.count]
    props = [json.dumps({"count": cell.count, **cell.markers()}) for _key_, cell in shown]
    sql = GRID_GEOJSON_SQL.format(shape="ST_Hexagon" if hexagons else "ST_Square", utm=UTM32, wgs=WGS84)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"size": size, "i": [k[0] for k, _c in shown], "j": [k[1] for k, _c in shown], "props": props}
        )
        return cursor.fetchone()[0]


def published_grid(
    source: str,
    params: Sequence = (),
    *,
    exact: bool = False,
    size: int = GRID_CELL_M,
    hexagons: bool = False,
    points: bool = False,
    within: str | None = None,
) -> str:
    """The grid of `source` as published; `within` is the source of everyone when `source` keeps only some of
    them (a variant such as verified only): then each cell is published as a part of everyone's cell."""
    counts = grid_counts(source, params, size=size, hexagons=hexagons, points=points)
    if within is None or exact:
        cells = {cell: publish(n, key, exact=exact) for cell, (n, key) in counts.items()}
    else:
        wholes = grid_counts(within, params, size=size, hexagons=hexagons, points=points)
        cells = {cell: publish_within(part, wholes[cell]) for cell, part in counts.items()}
    return grid_geojson(cells, size=size, hexagons=hexagons)
