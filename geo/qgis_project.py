"""The ready QGIS project on /gis/: every public live layer from the OGC API, drawn as on the site.

Built per request from a template, so it points at this server and shows today's categories and layers.
"""

from dataclasses import dataclass

from django.db import connection
from django.template.loader import render_to_string

from geo.datasets import Dataset, live_layers
from geo.styles import Style

# QGIS's symbol type and geometry name for each geometry type; points drawn on top, areas below.
SYMBOLS = {"Point": ("marker", "Point", 0), "MultiPoint": ("marker", "Point", 0)}
SYMBOLS |= dict.fromkeys(("LineString", "MultiLineString"), ("line", "Line", 1))
SYMBOLS |= dict.fromkeys(("Polygon", "MultiPolygon"), ("fill", "Polygon", 2))


@dataclass(frozen=True)
class ProjectLayer:
    dataset: Dataset
    symbol_type: str
    geometry: str
    attribute: str | None
    default: dict
    classes: list[dict]
    visible: bool


def _rgba(colour: str, opacity: float = 1.0) -> str:
    """'#1d4f91' -> '29,79,145,255' (QGIS's colour notation)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def _symbol(style: Style, colour: str) -> dict:
    fill = style.fill_colour if style.fill_colour and colour == style.colour else colour
    return {"stroke": _rgba(colour), "fill": _rgba(fill, style.fill_opacity), "marker": _rgba(colour, 0.85)}


def _layer(dataset: Dataset) -> ProjectLayer:
    symbol_type, geometry, _order = SYMBOLS[dataset.geometry_type or "MultiPolygon"]
    style = dataset.style or Style()
    classes = style.classes() if style.classes and style.attribute else []
    return ProjectLayer(
        dataset=dataset,
        symbol_type=symbol_type,
        geometry=geometry,
        attribute=style.attribute if classes else None,
        default=_symbol(style, style.colour),
        classes=[{"value": value, "symbol": _symbol(style, colour)} for value, colour in classes],
        visible=style.visible,
    )


def _city_extent_utm() -> list[float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)"
            " FROM (SELECT ST_Extent(ST_Transform(geom, 25832))::geometry AS b FROM geo_cityboundary) e"
        )
        row = cursor.fetchone()
    return [round(v) for v in row] if row and row[0] is not None else [405000, 5465000, 420000, 5485000]


def qgis_project(*, ogc_url: str) -> str:
    """The .qgs XML of the public live layers, read from the OGC API at `ogc_url`."""
    layers = live_layers(None)
    # Points over lines over areas; among equals the later registered (ideas, project layers) on top.
    order = sorted(range(len(layers)), key=lambda i: (SYMBOLS[layers[i].geometry_type or "MultiPolygon"][2], -i))
    return render_to_string(
        "geo/klmitwirkung.qgs",
        {"layers": [_layer(layers[i]) for i in order], "ogc_url": ogc_url.rstrip("/"), "extent": _city_extent_utm()},
    )
