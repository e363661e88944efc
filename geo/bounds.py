"""Coordinates from requests are bounded here before GEOS, GDAL or PostGIS see them.

GEOS 3.11 aborts the whole process on coordinates such as 1e150 (stack smashing), and GDAL fails to
transform points far outside a projection's domain. Real clients send huge boxes on purpose, though:
QGIS opens every WFS layer with BBOX=-1e8,-1e8,1e8,1e8 in EPSG:25832 and expects features. So a number
that is merely huge is clamped to the area of use of its CRS (nothing we publish lies outside it), and
only non-finite or malformed numbers are refused.
"""

import functools
import math
import re

import pyproj
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext as _

from geo.spatial import WGS84

Box = tuple[float, float, float, float]
NUMBER_SEPARATORS = re.compile(r"[\s,]+")


class CoordinateError(ValueError):
    """A coordinate that is not a finite number, or a box that is not a box; the message is for the user."""


@functools.cache
def area_of_use(srid: int) -> Box:
    """(xmin, ymin, xmax, ymax) of the EPSG area of use of `srid`, in its easting/northing (x/y) order."""
    try:
        crs = pyproj.CRS.from_epsg(srid)
    except pyproj.exceptions.CRSError:
        raise CoordinateError(_("Unbekanntes Koordinatensystem: EPSG:%(srid)s") % {"srid": srid}) from None
    area = crs.area_of_use
    if area is None:
        raise CoordinateError(_("Unbekanntes Koordinatensystem: EPSG:%(srid)s") % {"srid": srid})
    if crs.is_geographic:
        return (area.west, area.south, area.east, area.north)
    to_crs = pyproj.Transformer.from_crs(WGS84, srid, always_xy=True)
    xmin, ymin, xmax, ymax = to_crs.transform_bounds(area.west, area.south, area.east, area.north, densify_pts=21)
    return (xmin, ymin, xmax, ymax)


def finite_numbers(text: str, *, count: int | None = None) -> list[float]:
    """Numbers separated by commas or white space, all finite; `count` of them when given."""
    parts = [part for part in NUMBER_SEPARATORS.split(text.strip()) if part]
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise CoordinateError(_("Koordinaten müssen Zahlen sein.")) from None
    if not all(math.isfinite(n) for n in numbers):
        raise CoordinateError(_("Koordinaten müssen endliche Zahlen sein (nicht NaN oder unendlich)."))
    if count is not None and len(numbers) != count:
        raise CoordinateError(_("Erwartet werden %(count)s Zahlen.") % {"count": count})
    return numbers


def clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def clamp_box(box: Box, srid: int) -> Box:
    """The box (x/y order) cut to the area of use of `srid`; refuses a box whose minimum exceeds its maximum."""
    xmin, ymin, xmax, ymax = box
    if not all(math.isfinite(v) for v in box):
        raise CoordinateError(_("Koordinaten müssen endliche Zahlen sein (nicht NaN oder unendlich)."))
    if xmin > xmax or ymin > ymax:
        raise CoordinateError(_("Die untere linke Ecke muss links unterhalb der oberen rechten liegen."))
    axmin, aymin, axmax, aymax = area_of_use(srid)
    return (clamp(xmin, axmin, axmax), clamp(ymin, aymin, aymax), clamp(xmax, axmin, axmax), clamp(ymax, aymin, aymax))


def bbox_polygon(text: str, *, srid: int = WGS84, lat_first: bool = False) -> Polygon:
    """'minX,minY,maxX,maxY' in `srid` (latitude first with `lat_first`) as a WGS84 polygon, clamped."""
    numbers = finite_numbers(text, count=4)
    if lat_first:
        numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
    polygon = Polygon.from_bbox(clamp_box((numbers[0], numbers[1], numbers[2], numbers[3]), srid))
    polygon.srid = srid
    if srid != WGS84:
        polygon.transform(WGS84)  # safe now: every corner lies in the CRS's area of use
    return polygon
