"""The city context of every map: the gazetteer's streets as one cached GeoJSON, the nearest address of a
point (instead of coordinates) and names for a few points (densest cells of the density map)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from geo.models import Place
from geo.selectors import STREETS_CACHE_KEY, name_places, nearest_address
from geo.spatial import point_from_lonlat

pytestmark = pytest.mark.django_db


def test_streets_are_one_cacheable_feature_collection_of_lines(client):
    cache.delete(STREETS_CACHE_KEY)
    response = client.get(reverse("api:street-list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"]
    features = response.json()["features"]
    assert len(features) == Place.objects.filter(kind=Place.Kind.STREET, line__isnull=False).count()
    assert {f["geometry"]["type"] for f in features} <= {"LineString", "MultiLineString"}
    assert any(f["properties"]["major"] for f in features)
    assert not all(f["properties"]["major"] for f in features)
    assert len(response.content) < 400_000  # simplified and rounded: one response for the whole city


def test_locate_names_the_nearest_address(client):
    address = Place.objects.filter(kind=Place.Kind.ADDRESS, name="Fackelstraße").order_by("housenumber").first()
    lon, lat = address.location.x, address.location.y
    body = client.get(reverse("api:locate"), {"lon": lon, "lat": lat + 0.00005}).json()  # about 5 m north
    assert body["address"] == f"Fackelstraße {address.housenumber}"


def test_no_address_is_named_far_from_any(client):
    # In the forest of Hohenecken, inside the city but kilometres from the 2013 gazetteer's addresses and streets.
    assert nearest_address(point_from_lonlat(7.70, 49.40)) is None


def test_points_are_named_by_stadtteil_and_nearest_street():
    fackel = Place.objects.filter(kind=Place.Kind.ADDRESS, name="Fackelstraße").first().location
    named = name_places([(fackel.x, fackel.y), (8.47, 49.49)])  # Mannheim: outside, no Stadtteil
    assert named[0]["stadtteil"] is not None
    assert named[0]["street"] == "Fackelstraße"
    assert named[1]["stadtteil"] is None
