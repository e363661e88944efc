"""The dashboard's maps, on geo.maps (folium from the project's own Leaflet, no CDN); the standalone export
inlines Leaflet. The legend is built in HTML by the templates from the same class breaks (branca's legend needs
d3/jQuery).
"""

import json
from pathlib import Path

import folium
import xstatic.pkg.leaflet
from django.utils.html import escape
from django.utils.translation import gettext as _

from dashboard import classes
from dashboard.filters import Level
from dashboard.selectors.districts import district_shapes
from geo.maps import LocalMap, new_map
from geo.selectors import streets_geojson


def choropleth(shapes: dict, values: dict, *, label: str, basemap: bool = True) -> tuple[LocalMap, list]:
    """Districts filled by class; `values` maps district id to a number or None (no data / suppressed)."""
    bounds = classes.quantile_breaks(list(values.values()))
    m = new_map(basemap=basemap)
    for feature in shapes["features"]:
        props = feature["properties"]
        value = values.get(props["district_id"])
        props["value"] = _("keine Angabe") if value is None else _number(value)
        props["fill"] = classes.color(classes.classify(value, bounds), bounds)
    _shaded(shapes, label, opacity=0.8, line=("#333333", 1), fields={"name": _("Gebiet"), "value": escape(label)},
            highlight_function=lambda f: {"weight": 3}).add_to(m)  # fmt: skip
    return m, classes.legend(list(values.values()), bounds)


def density(grid: dict, *, label: str, context: dict | None = None) -> tuple[LocalMap, list]:
    counts = [f["properties"]["count"] for f in grid["features"]]
    bounds = classes.quantile_breaks(counts)
    m = new_map()
    add_city(m)
    if context:
        add_context(m, context)
    for feature in grid["features"]:
        n = feature["properties"]["count"]
        feature["properties"]["fill"] = classes.color(classes.classify(n, bounds), bounds)
    _shaded(grid, label, opacity=0.75, line=("#555555", 0.5), fields={"count": escape(label)}).add_to(m)
    return m, classes.legend(counts, bounds)


def _shaded(data: dict, label: str, *, opacity: float, line: tuple[str, float], fields: dict, **options):
    """Features filled with their `fill` property, with a tooltip of `fields` (property -> label)."""
    style = {"fillOpacity": opacity, "color": line[0], "weight": line[1]}
    return folium.GeoJson(
        data,
        name=label,
        style_function=lambda f: {"fillColor": f["properties"]["fill"], **style},
        # folium checks tooltip fields against the first feature: with no features, no tooltip
        tooltip=folium.GeoJsonTooltip(fields=list(fields), aliases=list(fields.values())) if data["features"] else None,
        **options,
    )


def add_city(m: LocalMap) -> None:
    """Kaiserslautern from our own PostGIS (the gazetteer's streets, the Stadtteil outlines) under the grid, so
    the density map can be read without a base map (BASEMAP_URL empty), as the public maps (klmap.js) do."""
    streets = json.loads(streets_geojson())
    folium.GeoJson(streets, control=False, interactive=False,
                   style_function=lambda f: {"color": "#8a8f98", "weight": 2 if f["properties"]["major"] else 1}
                   ).add_to(m)  # fmt: skip
    folium.GeoJson(district_shapes(Level.STADTTEIL), control=False, interactive=False,
                   style_function=lambda f: {"color": "#3d4b5c", "weight": 1.5, "dashArray": "5 4", "fill": False}
                   ).add_to(m)  # fmt: skip


def add_context(m: LocalMap, layers: dict) -> None:
    """The selected project's planning layers, drawn thin and unfilled beneath the data."""
    for name, collection in layers.items():
        folium.GeoJson(
            collection,
            name=escape(name),
            style_function=lambda f: {"color": "#1d4f91", "weight": 2, "fillOpacity": 0.05},
        ).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)


def embed(m: LocalMap) -> dict:
    """The map's div and script for a page (the script goes after Leaflet, in a <script> with the response's
    CSP nonce). folium's page header is left out: it forbids zooming the page (user-scalable=no) and restyles
    html and body; dashboard.css sizes the map."""
    root = m.get_root()
    root.render()
    return {"html": root.html.render(), "script": root.script.render()}


def standalone(m: LocalMap, *, title: str, legend_html: str) -> str:
    """One HTML file that works offline: Leaflet's JS and CSS inlined, the legend below the map."""
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    root = m.get_root()
    root.title = title
    root.header.add_child(
        folium.Element(f"<style>{(leaflet / 'leaflet.css').read_text()}</style>"), name="leaflet_css", index=0
    )
    root.header.add_child(
        folium.Element(f"<script>{(leaflet / 'leaflet.js').read_text()}</script>"), name="leaflet_js", index=1
    )
    m.get_root().html.add_child(folium.Element(legend_html))
    return root.render()


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f") if isinstance(value, float) else str(value)
