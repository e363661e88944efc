"""Small static SVG outlines of the Stadtteile, for previews that need no map library (moderation queue).

Coordinates are ETRS89 / UTM 32N metres (SVG's y axis points down, so ST_AsSVG writes -y); a point drawn
with `point_svg_sql` in the same projection lands inside its outline.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from geo.models import Stadtteil
from geo.spatial import UTM32

SIMPLIFY_METRES = 25  # a preview is about 100 px wide: finer detail is not visible and only adds bytes

_OUTLINES_SQL = f"""
SELECT s.id, ST_AsSVG(ST_SimplifyPreserveTopology(g.m, {SIMPLIFY_METRES}), 0, 0),
       floor(ST_XMin(g.m)), floor(-ST_YMax(g.m)), ceil(ST_XMax(g.m) - ST_XMin(g.m)), ceil(ST_YMax(g.m) - ST_YMin(g.m))
FROM {Stadtteil._meta.db_table} s CROSS JOIN LATERAL (SELECT ST_Transform(s.geom, {UTM32}) AS m) g
"""  # noqa: S608 (table name from the model)


def point_svg_sql(column: str) -> str:
    """SQL giving the `cx="…" cy="…"` attributes of a point column in the outlines' coordinates."""
    return f"ST_AsSVG(ST_Transform({column}, {UTM32}), 0, 0)"


@dataclass(frozen=True)
class Outline:
    path: str  # the d attribute
    view_box: str


CACHE_KEY = "geo:stadtteil-outlines:v1"
CACHE_SECONDS = 24 * 3600  # the Stadtteile change when the reference data is reloaded, not in between


def _all_outlines() -> dict[int, Outline]:
    with connection.cursor() as cursor:
        cursor.execute(_OUTLINES_SQL)
        return {pk: Outline(path, f"{x:.0f} {y:.0f} {w:.0f} {h:.0f}") for pk, path, x, y, w, h in cursor.fetchall()}


def stadtteil_outlines(ids: set[int]) -> dict[int, Outline]:
    """The outlines of the given Stadtteile, by id; all 18 are computed once (one query) and cached."""
    if not ids:
        return {}
    outlines = cache.get_or_set(CACHE_KEY, _all_outlines, CACHE_SECONDS)
    return {pk: outlines[pk] for pk in ids if pk in outlines}
