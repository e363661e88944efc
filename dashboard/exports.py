"""Tables as CSV and XLSX; the choropleth as PNG (matplotlib, from the district outlines, no basemap)."""

import csv
import io
import json

from django.db import connection
from openpyxl import Workbook

from dashboard import classes
from geo.spatial import UTM32


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode()  # the BOM makes Excel read UTF-8


def xlsx_bytes(header: list[str], rows: list[list], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def choropleth_png(*, level_table: str, values: dict, title: str) -> bytes:
    """The districts drawn in EPSG:25832 (true proportions) with the page's classes and a legend."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Polygon

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ST_AsGeoJSON(ST_Multi(ST_Transform(ST_SimplifyPreserveTopology(geom, 0.0001), {UTM32})), 1) "  # noqa: S608
            f"FROM {level_table}"
        )
        shapes = cursor.fetchall()
    bounds = classes.quantile_breaks(list(values.values()))
    figure = Figure(figsize=(8, 8), dpi=100)
    ax = figure.add_subplot()
    for pk, text in shapes:
        fill = classes.color(classes.classify(values.get(pk), bounds), bounds)
        for polygon in json.loads(text)["coordinates"]:
            ax.add_patch(Polygon(polygon[0], closed=True, facecolor=fill, edgecolor="#333333", linewidth=0.6))
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title)
    handles = [
        Patch(facecolor=k.color, edgecolor="#333333", label=f"{k.low:g} – {k.high:g} ({k.count})")
        for k in classes.legend(list(values.values()), bounds)
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
