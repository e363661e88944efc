"""How many public ideas an area holds, read from the cluster cells (a few hundred rows) instead of the ideas.

The cells are kept on write (proposals.services.clusters), so the figure is as fresh as the clusters on the map.
It counts whole cells: every cell the bbox touches counts in full, so the figure is an upper bound that can
exceed the exact count by the ideas within one cell width outside the bbox's edge.
"""

import math
from dataclasses import dataclass

from django.db import connection

from proposals.models import Category, ClusterCell
from proposals.services.clusters import MAX_CLUSTER_ZOOM, MIN_CLUSTER_ZOOM, WORLD_METRES, cell_size

# The finest zoom whose cells the bbox covers at most this many of: a few hundred rows to sum, and edges
# at most one cell (300 m at zoom 15, 1.2 km at zoom 13 for the whole city) too wide.
MAX_CELLS = 1024
_RADIUS = WORLD_METRES / (2 * math.pi)


@dataclass(frozen=True)
class AreaEstimate:
    in_bbox: int  # public ideas in the cells the bbox touches (an upper bound)
    total: int  # all public ideas (of the categories asked for)

    @property
    def share(self) -> float:
        return self.in_bbox / self.total if self.total else 0.0


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    lat = max(-85.0, min(85.0, lat))
    return _RADIUS * math.radians(lon), _RADIUS * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _cell_ranges(bbox, zoom: int) -> tuple[range, range]:
    size = cell_size(zoom)
    (x1, y1), (x2, y2) = _mercator(bbox[0], bbox[1]), _mercator(bbox[2], bbox[3])
    xs = range(math.floor(x1 / size), math.floor(x2 / size) + 1)
    return xs, range(math.floor(y1 / size), math.floor(y2 / size) + 1)


def idea_area_estimate(bbox: tuple[float, float, float, float] | None, categories: list[str]) -> AreaEstimate:
    """Public ideas in the bbox (and categories) and in all, from the cells of one zoom, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(*area_estimate_sql(bbox, categories))
        in_bbox, total = cursor.fetchone()
    return AreaEstimate(in_bbox=in_bbox or 0, total=total or 0)


def area_estimate_sql(bbox: tuple[float, float, float, float] | None, categories: list[str]) -> tuple[str, dict]:
    """The estimate's statement and parameters: the bbox's cells at the finest zoom with at most MAX_CELLS of
    them, and the coarsest zoom's cells for the total."""
    zoom = MIN_CLUSTER_ZOOM
    for candidate in range(MAX_CLUSTER_ZOOM, MIN_CLUSTER_ZOOM - 1, -1):
        xs, ys = _cell_ranges(bbox or (-180, -85, 180, 85), candidate)
        if len(xs) * len(ys) <= MAX_CELLS:
            zoom = candidate
            break
    xs, ys = _cell_ranges(bbox or (-180, -85, 180, 85), zoom)
    # Written out (the map asks it on every pan): the ORM's aggregate cost more CPU to build than to run.
    join, where, params = "", "", {"zoom": zoom, "min": MIN_CLUSTER_ZOOM}
    if categories:
        join = f" INNER JOIN {Category._meta.db_table} c ON (cell.category_id = c.id)"
        where, params["categories"] = " AND c.slug = ANY(%(categories)s)", list(categories)
    params.update(x1=xs.start, x2=xs.stop - 1, y1=ys.start, y2=ys.stop - 1)
    # The box's range is in the WHERE too, so cluster_cell_lookup reads the box's cells and the coarsest zoom's
    # few dozen, not every cell of the zoom (30,000 at zoom 15: 3 ms, more than a small box's page).
    box = "cell.zoom = %(zoom)s AND cell.cx BETWEEN %(x1)s AND %(x2)s AND cell.cy BETWEEN %(y1)s AND %(y2)s"
    sql = (
        f"SELECT SUM(cell.count) FILTER (WHERE {box}), SUM(cell.count) FILTER (WHERE cell.zoom = %(min)s)"  # noqa: S608
        f" FROM {ClusterCell._meta.db_table} cell{join} WHERE (cell.zoom = %(min)s OR ({box})){where}"
    )
    return sql, params
