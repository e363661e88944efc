"""Tables as CSV and XLSX; the choropleth and the density grid as PNG (matplotlib, from geometries, no basemap)."""

import io
import json

from django.db import connection

from dashboard import classes
from geo.spatial import UTM32, WGS84


def choropleth_png(*, level_table: str, values: dict, title: str) -> bytes:
    """The districts drawn in EPSG:25832 (true proportions) with the page's classes and a legend."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon

    shapes = _outlines(level_table)
    bounds = classes.quantile_breaks(list(values.values()))
    figure = Figure(figsize=(8, 8), dpi=100)
    ax = figure.add_subplot()
    for pk, multipolygon in shapes:
        fill = classes.color(classes.classify(values.get(pk), bounds), bounds)
        for polygon in multipolygon:
            ax.add_patch(Polygon(polygon[0], closed=True, facecolor=fill, edgecolor="#333333", linewidth=0.6))
    return _png(figure, ax, title, classes.legend(list(values.values()), bounds))


def density_png(*, grid: dict, title: str) -> bytes:
    """The grid's cells coloured by count (the page's classes), the Stadtteil outlines on top, a legend; drawn
    in EPSG:25832 like the choropleth. The cells come from the cached grid and are transformed in one statement."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon

    counts = [f["properties"]["count"] for f in grid["features"]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), {WGS84}), {UTM32}), 1) "  # noqa: S608
            "FROM json_array_elements(%s::json->'features') WITH ORDINALITY AS t(f, n) ORDER BY n",
            [json.dumps(grid)],
        )
        cells = [json.loads(text)["coordinates"][0] for (text,) in cursor.fetchall()]
    bounds = classes.quantile_breaks(counts)
    figure = Figure(figsize=(8, 8), dpi=100)
    ax = figure.add_subplot()
    ax.add_collection(
        PolyCollection(
            cells,
            facecolors=[classes.color(classes.classify(n, bounds), bounds) for n in counts],
            edgecolors="none",
        )
    )
    for _pk, multipolygon in _outlines("geo_stadtteil"):
        for polygon in multipolygon:
            ax.add_patch(Polygon(polygon[0], closed=True, fill=False, edgecolor="#333333", linewidth=0.6))
    return _png(figure, ax, title, classes.legend(counts, bounds))


def _png(figure, ax, title: str, legend: list) -> bytes:
    """Both maps' frame: the drawing fitted at equal scale without axes, the title, the classes' legend."""
    from matplotlib.patches import Patch

    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=10, wrap=True)
    handles = [
        Patch(facecolor=k.color, edgecolor="#333333", label=f"{k.low:g} – {k.high:g} ({k.count})") for k in legend
    ]
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=8)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _outlines(level_table: str) -> list[tuple[int, list]]:
    """(id, MultiPolygon coordinates in EPSG:25832) of every district, simplified to about 10 m."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ST_AsGeoJSON(ST_Multi(ST_Transform(ST_SimplifyPreserveTopology(geom, 0.0001), {UTM32})), 1) "  # noqa: S608
            f"FROM {level_table}"
        )
        return [(pk, json.loads(text)["coordinates"]) for pk, text in cursor.fetchall()]
