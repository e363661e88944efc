"""folium's output is byte for byte the same when its rendered text is not compiled again (geo.folium_templates)."""

import itertools

import branca.element
import folium.features
import folium.template
import jinja2
import pytest

from dashboard import maps
from dashboard.filters import Level
from dashboard.selectors.districts import district_shapes
from geo import folium_templates
from geo.folium_templates import Text
from geo.maps import new_map


@pytest.mark.parametrize(
    "source", ["", "a", "a\n", "a\n\n", "a\r\n", "\r\nb\r", "x\ry\r\n\nz\n", "{ 'a': {\"b\": 1} }\n", "ä € \t"]
)
def test_text_renders_as_jinja(source):
    assert Text(source).render(this=None, kwargs={}) == jinja2.Template(source).render(this=None, kwargs={})


def test_data_is_not_run_as_a_template():
    """A layer name with Jinja syntax is shown as written: it used to be evaluated on the server (42, or a 500)."""
    m = new_map(basemap=False)
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.7, 49.4]}, "properties": {}}
    maps.add_context(m, {"Plan {{ 7 * 6 }} {% x %}": {"type": "FeatureCollection", "features": [point]}})
    script = maps.embed(m)["script"]
    assert "Plan {{ 7 * 6 }} {% x %}" in script
    assert "Plan 42" not in script


def test_installed_once_for_every_map():
    assert branca.element.Template is folium_templates.Text
    assert folium.features.Template is folium_templates.folium_template
    style = "<style>.{{ this.class_name }} {}</style>"
    assert folium_templates.folium_template(style) is folium_templates.folium_template(style)


def _grid() -> dict:
    features = []
    for i in range(60):
        x, y = 7.70 + 0.005 * (i % 10), 49.42 + 0.005 * (i // 10)
        ring = [[x, y], [x + 0.005, y], [x + 0.005, y + 0.005], [x, y + 0.005], [x, y]]
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"count": i % 7 + 1}})  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def _pages(monkeypatch) -> tuple[dict, str, dict]:
    ids = itertools.count()
    monkeypatch.setattr(branca.element.Element, "_generate_id", classmethod(lambda cls: f"{next(ids):032x}"))
    density, _legend = maps.density(_grid(), label='Ideen je <Zelle> & "x"\r\n', context=None)
    shapes = district_shapes(Level.STADTTEIL)
    values = {f["properties"]["district_id"]: n for n, f in enumerate(shapes["features"])}
    choropleth, _legend = maps.choropleth(shapes, values, label="Ideen\n")
    export = maps.choropleth(district_shapes(Level.ORTSBEZIRK), {}, label="A", basemap=False)[0]
    standalone = maps.standalone(export, title="T", legend_html="<p>L</p>\n")
    return maps.embed(density), standalone, maps.embed(choropleth)


@pytest.mark.django_db
def test_maps_are_byte_for_byte_folium_s(stadtteile, monkeypatch):
    """Data without Jinja syntax (all real data): the same bytes as folium compiling its output."""
    now = _pages(monkeypatch)
    monkeypatch.setattr(branca.element, "Template", jinja2.Template)
    monkeypatch.setattr(folium.features, "Template", folium.template.Template)
    assert now == _pages(monkeypatch)


def test_a_hot_spot_keyword_from_citizens_texts_is_not_run_as_a_template():
    """The overview's tooltips carry words from citizens' texts: the same path, the same rule."""
    from types import SimpleNamespace

    from django.contrib.gis.geos import Point

    from overview.maps import hotspot_map

    spot = SimpleNamespace(center=Point(7.76, 49.44), radius_m=120, keywords=["{{ 7 * 6 }}", "{% x %}"], size=9)
    rendered = hotspot_map([spot])
    assert "1. {{ 7 * 6 }}, {% x %} (9)" in rendered["script"]  # not "1. 42, …", nor a 500
