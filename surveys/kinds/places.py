"""Map answers: a point, several points, a line or an area, anywhere inside Kaiserslautern.

Stored in Answer.geom (WGS84) with the Stadtteil of the place; results add the density grid, published
through geo.disclosure.
"""

import json

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPoint, Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from geo.aggregation import GRID_CELL_M, published_grid
from geo.disclosure import disclosure
from geo.districting import locate
from geo.spatial import OUTSIDE_CITY_MESSAGE, WGS84
from surveys.kinds import register
from surveys.kinds.base import CleanAnswer, QuestionKind

MAX_VERTICES = 500
MAP_SQL = """
SELECT a.response_id AS record, a.geom FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE a.question_id = %s AND r.survey_id = %s AND a.geom IS NOT NULL {verified}
"""


class PlaceKind(QuestionKind):
    is_map = True
    answer_district = True
    geometry_type: str  # the GEOS geom_type an answer must have

    @property
    def template(self) -> str:
        return "surveys/kinds/place.html"

    def clean(self, question, value) -> CleanAnswer:
        geom = self.geometry(value)
        found = locate(geom)
        if found is None:
            raise ValidationError(OUTSIDE_CITY_MESSAGE)
        return CleanAnswer(question, geom=geom, stadtteil=found.stadtteil)

    def geometry(self, value) -> GEOSGeometry:
        invalid = ValidationError(_("Bitte markieren Sie einen Ort auf der Karte."))
        try:
            text = value if isinstance(value, str) else json.dumps(value)
            geom = GEOSGeometry(text, srid=WGS84)
        except (GEOSException, GDALException, ValueError, TypeError, RecursionError):  # GDAL reads GeoJSON
            raise invalid from None
        if isinstance(geom, Point) and self.geometry_type == "MultiPoint":
            geom = MultiPoint(geom, srid=WGS84)
        # Heights (Z, or M, which GEOS reads as Z) would not fit the 2D column.
        if geom.geom_type != self.geometry_type or geom.empty or geom.hasz or geom.num_coords > MAX_VERTICES:
            raise invalid
        west, south, east, north = geom.extent
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise invalid
        if not geom.valid:
            raise ValidationError(_("Diese Fläche überschneidet sich selbst. Bitte zeichnen Sie sie neu."))
        return geom

    def from_post(self, question, data):
        return data.get(f"{question.field_name}_geojson", "").strip() or None

    def as_raw(self, answer):
        return answer.geom.geojson if answer.geom is not None else None

    def form_item(self, question, value, item) -> None:
        if not value:
            return
        text = value if isinstance(value, str) else json.dumps(value)
        try:
            json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: arrays nested deeper than Python's parser goes
            return
        item["geojson"] = text

    def cell(self, answer, choices) -> str:
        return answer.geom.wkt if answer.geom else ""

    def grid(self, question, *, exact: bool = False, size: int = GRID_CELL_M, verified_only: bool = False) -> str:
        """The published density grid (GeoJSON text, WGS84, EPSG:25832 squares); see surveys.results."""
        everyone = MAP_SQL.format(verified="")
        source = MAP_SQL.format(verified="AND r.verified") if verified_only else everyone
        points = self.geometry_type == "Point"
        within = everyone if verified_only else None
        return published_grid(
            source, [question.pk, question.survey_id], exact=exact, size=size, points=points, within=within
        )

    def extend_results(self, question, result, context) -> None:
        if not context.by_place:
            return
        grid = json.loads(self.grid(question, exact=context.exact, verified_only=context.verified_only))
        grid["disclosure"] = disclosure(exact=context.exact)
        result["grid"] = grid


@register
class PointKind(PlaceKind):
    name = "point"
    geometry_type = "Point"

    def from_post(self, question, data):
        name = question.field_name
        lon, lat = data.get(f"{name}_lon", "").strip(), data.get(f"{name}_lat", "").strip()
        if not (lon or lat):
            return None
        try:
            return json.dumps({"type": "Point", "coordinates": [float(lon), float(lat)]})
        except ValueError:
            return "invalid"

    def form_item(self, question, value, item) -> None:
        super().form_item(question, value, item)
        geometry = json.loads(item.pop("geojson", "null"))
        if isinstance(geometry, dict):
            coordinates = geometry.get("coordinates") or ["", ""]
            item.update(lon=coordinates[0], lat=coordinates[1])
        elif geometry is not None:
            item["geojson"] = value if isinstance(value, str) else json.dumps(value)


@register
class MultiPointKind(PlaceKind):
    name = "multipoint"
    geometry_type = "MultiPoint"


@register
class Line(PlaceKind):
    name = "line"
    geometry_type = "LineString"


@register
class Area(PlaceKind):
    name = "area"
    geometry_type = "Polygon"
