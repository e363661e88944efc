"""Where a thing is: the one home of "which Stadtteil" and "outside Kaiserslautern" (docs/districts.md).

The rules, for every app and every seed:
- Outside: a geometry belongs to the city when the city boundary covers it entirely (a line that leaves the
  city, or a point on the far side of the boundary, is outside). Refused with OUTSIDE_CITY_MESSAGE.
- District: the Stadtteil holding the geometry's representative point (ST_PointOnSurface: the point itself,
  a point on a line, a point inside an area), so a line or area crossing a border counts once, where most
  of it plausibly is. A point exactly on a border goes to the lower Stadtteil number. Where the boundary
  and the Stadtteile disagree by a sliver, the nearest Stadtteil.
- Many rows at once (imports, seeds) get the same rule in one UPDATE (`assign_districts`).
"""

from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from psycopg import sql

from geo.models import Ortsbezirk, Stadtteil
from geo.spatial import WGS84

# The Stadtteil id of the geometry expression {geom}: a scalar subquery usable in SELECT and UPDATE.
STADTTEIL_OF_SQL = """(
    SELECT s.id FROM geo_stadtteil s
    ORDER BY s.geom <-> ST_PointOnSurface({geom}), s.number
    LIMIT 1
)"""
# True when the city boundary covers the geometry expression {geom}.
INSIDE_CITY_SQL = "EXISTS (SELECT 1 FROM geo_cityboundary b WHERE ST_Covers(b.geom, {geom}))"
_INSIDE, _STADTTEIL = INSIDE_CITY_SQL.format(geom="x.g"), STADTTEIL_OF_SQL.format(geom="x.g")
LOCATE_SQL = f"SELECT CASE WHEN {_INSIDE} THEN {_STADTTEIL} END FROM (SELECT ST_GeomFromEWKB(%s) AS g) x"  # noqa: S608


@dataclass(frozen=True)
class Location:
    stadtteil: Stadtteil
    ortsbezirk: Ortsbezirk


def locate(geom: GEOSGeometry) -> Location | None:
    """The Stadtteil and Ortsbezirk of any WGS84 geometry, or None outside Kaiserslautern."""
    geom = _wgs84(geom)
    with connection.cursor() as cursor:
        cursor.execute(LOCATE_SQL, [bytes(geom.ewkb)])
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    stadtteil = Stadtteil.objects.select_related("ortsbezirk").get(pk=row[0])
    return Location(stadtteil=stadtteil, ortsbezirk=stadtteil.ortsbezirk)


def stadtteile_touched(geom: GEOSGeometry):
    """Every Stadtteil an area or line touches (a project's Stadtteile), by number."""
    return Stadtteil.objects.filter(geom__intersects=_wgs84(geom)).order_by("number")


def assign_districts(*, table: str, geom: str = "geom", column: str = "stadtteil_id", where: str = "", params=()):
    """Set `column` of every row of `table` (matching the SQL `where`) to the Stadtteil of its `geom`, in
    one statement; rows outside the city get NULL. Returns the number of rows updated."""
    statement = sql.SQL("UPDATE {table} t SET {column} = CASE WHEN {inside} THEN {stadtteil} END {where}").format(
        table=sql.Identifier(table),
        column=sql.Identifier(column),
        inside=sql.SQL(INSIDE_CITY_SQL.format(geom="t.{}")).format(sql.Identifier(geom)),
        stadtteil=sql.SQL(STADTTEIL_OF_SQL.format(geom="t.{}")).format(sql.Identifier(geom)),
        where=sql.SQL("WHERE " + where if where else ""),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(cursor.connection), list(params))
        return cursor.rowcount


def _wgs84(geom: GEOSGeometry) -> GEOSGeometry:
    if geom.srid is None:
        geom = geom.clone()
        geom.srid = WGS84
    elif geom.srid != WGS84:
        geom = geom.transform(WGS84, clone=True)
    return geom
