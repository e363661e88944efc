import math

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import LineString, Point
from django.urls import reverse

from geo.tiles import vector_tile
from layers.models import Feature
from tests.factories import FeatureFactory, LayerFactory

LON, LAT = 7.77, 49.44


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def _get(client, layer, z, x, y):
    return client.get(reverse("layers:tile", kwargs={"layer_id": layer.pk, "z": z, "x": x, "y": y}))


def test_tile_holds_the_features_with_typed_attributes(client, db, django_assert_num_queries):
    layer = LayerFactory()
    inside = FeatureFactory(layer=layer, attributes={"name": "Bank", "anzahl": 3, "neu": True, "hoehe": 1.5})
    FeatureFactory(layer=layer, geom=Point(8.47, 49.49))  # Mannheim: another tile at z14
    FeatureFactory(geom=Point(LON, LAT))  # another layer
    x, y = tile_of(LON, LAT, 14)
    with django_assert_num_queries(2):  # the layer, the tile
        response = _get(client, layer, 14, x, y)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert response["Cache-Control"] == "public, max-age=3600"
    tile = mapbox_vector_tile.decode(response.content)
    features = tile[f"layer_{layer.pk}"]["features"]
    assert len(features) == 1
    assert features[0]["id"] == inside.pk
    assert features[0]["properties"] == {"name": "Bank", "anzahl": 3, "neu": True, "hoehe": 1.5}
    # The point lands where it should inside the tile (4096 units, y up in the decoder's default).
    px, py = features[0]["geometry"]["coordinates"]
    n = 2**14
    fx = ((LON + 180) / 360 * n - x) * 4096
    fy = ((1 - math.asinh(math.tan(math.radians(LAT))) / math.pi) / 2 * n - y) * 4096
    assert px == pytest.approx(fx, abs=2)
    assert py == pytest.approx(4096 - fy, abs=2)


def test_empty_tile_is_204(client, db):
    layer = LayerFactory()
    FeatureFactory(layer=layer)
    x, y = tile_of(0, 0, 14)
    response = _get(client, layer, 14, x, y)
    assert response.status_code == 204
    assert response.content == b""


def test_unknown_layer_and_tile_out_of_range_are_404(client, db):
    layer = LayerFactory()
    assert _get(client, layer, 3, 8, 0).status_code == 404
    assert _get(client, layer, 23, 0, 0).status_code == 404
    assert client.get(reverse("layers:tile", kwargs={"layer_id": 999999, "z": 1, "x": 0, "y": 0})).status_code == 404


def test_lines_are_simplified_when_zoomed_out(db):
    layer = LayerFactory()
    # A wiggly line of 2,000 vertices about 2 km long.
    coords = [(LON + i * 0.00001, LAT + (0.00002 if i % 2 else 0)) for i in range(2000)]
    FeatureFactory(layer=layer, geom=LineString(coords, srid=4326))
    features = Feature.objects.filter(layer=layer)

    def vertices(z):
        x, y = tile_of(LON + 0.01, LAT, z)
        tile = mapbox_vector_tile.decode(vector_tile(features, z=z, x=x, y=y, geometry="geom", fields=["id"]))
        return len(tile["features"]["features"][0]["geometry"]["coordinates"])

    assert vertices(10) < 10
    assert vertices(18) > vertices(10)
