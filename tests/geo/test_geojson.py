import json

import pytest
from django.db.models import F

from geo.geojson import feature_collection
from geo.models import Stadtteil

pytestmark = pytest.mark.django_db


def test_feature_collection_is_built_in_one_query(django_assert_num_queries):
    queryset = Stadtteil.objects.filter(number__gte=10).annotate(ortsbezirk_name=F("ortsbezirk__name"))
    with django_assert_num_queries(1):
        text = feature_collection(
            queryset.order_by("number"), geometry="label_point", fields=["id", "number", "ortsbezirk_name"]
        )
    body = json.loads(text)
    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["number"] for f in body["features"]] == list(range(10, 19))
    first = body["features"][0]
    stadtteil = Stadtteil.objects.get(number=10)
    assert first["id"] == stadtteil.pk
    assert first["properties"]["ortsbezirk_name"] == "Erzhütten/Wiesenthalerhof"
    assert "label_point" not in first["properties"]
    assert first["geometry"]["type"] == "Point"
    assert first["geometry"]["coordinates"] == pytest.approx(
        [stadtteil.label_point.x, stadtteil.label_point.y], abs=1e-6
    )


def test_an_empty_queryset_gives_an_empty_collection():
    text = feature_collection(Stadtteil.objects.none(), geometry="geom", fields=["id"])
    assert json.loads(text) == {"type": "FeatureCollection", "features": []}
