"""Server-rendered maps with folium, from the project's own Leaflet: no CDN, no jQuery/Bootstrap.

folium's Map lists CDN URLs for Leaflet, jQuery, Bootstrap and Awesome Markers; these maps list none. On a page,
base.html loads Leaflet from /static/vendor/leaflet/. The dashboard's maps and the overview's map of hot spots
start here.
"""

import folium
from django.conf import settings
from django.utils.translation import gettext as _

from geo import folium_templates

KL_BOUNDS = [[49.355, 7.63], [49.50, 7.88]]

folium_templates.install()  # every map is made here: no Jinja compile of folium's own output


class LocalMap(folium.Map):
    default_js: list = []
    default_css: list = []


def new_map(*, basemap: bool = True) -> LocalMap:
    """Kaiserslautern in view, with the base map when one is configured (empty: no request leaves the site)."""
    m = LocalMap(tiles=None, control_scale=True, zoom_snap=0.25)
    if basemap and settings.BASEMAP_URL:
        folium.TileLayer(settings.BASEMAP_URL, attr=settings.BASEMAP_ATTRIBUTION, name=_("Hintergrundkarte")).add_to(m)
    m.fit_bounds(KL_BOUNDS)
    return m
