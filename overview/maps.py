"""The staff map of hot spots: folium from the project's own Leaflet (base.html loads it), no CDN.

The dashboard builds its maps the same way; the overview keeps its own few lines, as nothing may import the
dashboard (DESIGN.md).
"""

import folium
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _

KL_BOUNDS = [[49.355, 7.63], [49.50, 7.88]]


class LocalMap(folium.Map):
    default_js: list = []
    default_css: list = []


def hotspot_map(spots) -> dict:
    m = LocalMap(tiles=None, control_scale=True, zoom_snap=0.25)
    if settings.BASEMAP_URL:  # empty: no request leaves the site
        folium.TileLayer(settings.BASEMAP_URL, attr=settings.BASEMAP_ATTRIBUTION, name=_("Hintergrundkarte")).add_to(m)
    m.fit_bounds(KL_BOUNDS)
    for number, spot in enumerate(spots, start=1):
        folium.Circle(
            location=[spot.center.y, spot.center.x],
            radius=max(spot.radius_m, 30),
            color="#bd0026",
            fill=True,
            fill_opacity=0.25,
            tooltip=escape(f"{number}. {', '.join(spot.keywords[:4])} ({spot.size})"),
        ).add_to(m)
    root = m.get_root()
    root.render()
    return {"html": root.html.render(), "script": root.script.render()}
