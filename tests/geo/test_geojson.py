import json
from datetime import UTC, datetime

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


# GDAL reads 17.9996 s as a float, pyogrio makes 1000 ms of its fraction and fails ("microsecond must be in
# 0..999999"); 17.999 reads back as it is.
ROUNDS_UP = datetime(2026, 6, 30, 21, 59, 17, 999_600, tzinfo=UTC)


def test_date_times_are_written_to_the_millisecond_truncated():
    """PostgreSQL writes microseconds; a GDAL client would round .9996 up to a whole second (geo.geojson)."""
    from tests.factories import IdeaFactory

    idea = IdeaFactory(created_at=ROUNDS_UP, visibility="published")
    text = feature_collection(
        type(idea).objects.filter(pk=idea.pk), geometry="location", fields=["id", "title", "created_at"]
    )
    (feature,) = json.loads(text)["features"]
    assert feature["properties"]["created_at"] == "2026-06-30T21:59:17.999+00:00"
    assert feature["properties"]["title"] == idea.title  # other columns as they are


def test_ogc_items_and_item_write_milliseconds(client):
    from tests.factories import IdeaFactory

    idea = IdeaFactory(created_at=ROUNDS_UP, visibility="published")
    items = client.get("/ogc/collections/ideen/items").json()
    (props,) = [f["properties"] for f in items["features"] if f["id"] == idea.pk]
    assert props["eingereicht_am"] == "2026-06-30T23:59:17.999+02:00"  # in the site's zone, Europe/Berlin
    one = client.get(f"/ogc/collections/ideen/items/{idea.pk}").json()
    assert one["properties"]["eingereicht_am"] == "2026-06-30T23:59:17.999+02:00"
