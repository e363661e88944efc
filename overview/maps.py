"""The staff map of hot spots, on geo.maps (folium from the project's own Leaflet, which base.html loads)."""

import folium
from django.utils.html import escape

from geo.maps import new_map


def hotspot_map(spots) -> dict:
    m = new_map()
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
