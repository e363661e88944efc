"""Street names at street zoom from our own gazetteer: /api/v1/streets/labels/ (geo.selectors.street_labels_geojson)."""

import pytest
from django.contrib.gis.geos import LineString, MultiLineString
from django.core.cache import cache
from django.urls import reverse

from geo.models import Place
from geo.selectors import GAZETTEER_VERSION_KEY

pytestmark = pytest.mark.django_db

INNENSTADT = (7.755, 49.437, 7.775, 49.450)  # around the Stiftsplatz and the Fackelstraße
EMPTY_FIELD = (7.860, 49.380, 7.880, 49.390)  # south-east of the city: no street of the 2013 gazetteer


@pytest.fixture(autouse=True)
def fresh_labels():
    cache.delete(GAZETTEER_VERSION_KEY)  # a new version: no answer of another test is reused


def labels(client, bbox, zoom):
    response = client.get(reverse("api:street-labels"), {"bbox": ",".join(map(str, bbox)), "zoom": zoom})
    assert response.status_code == 200, response.content
    return response.json()["features"]


def street(name, *points):
    line = MultiLineString(LineString(points, srid=4326), srid=4326)
    return Place.objects.create(
        kind=Place.Kind.STREET, name=name, label=name, search_text=name.lower(), location=line.centroid, line=line
    )


def test_labels_of_a_box_name_its_streets_inside_it(client):
    response = client.get(reverse("api:street-labels"), {"bbox": ",".join(map(str, INNENSTADT)), "zoom": 16})
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"]
    features = response.json()["features"]
    names = {f["properties"]["name"] for f in features}
    assert {"Fackelstraße", "Marktstraße", "Stiftsplatz"} <= names
    for f in features:
        lon, lat = f["geometry"]["coordinates"]
        assert INNENSTADT[0] <= lon <= INNENSTADT[2]
        assert INNENSTADT[1] <= lat <= INNENSTADT[3]
        assert -90 <= f["properties"]["angle"] <= 90  # upright text
    # The through roads come first, so the browser keeps them when names would overlap.
    majors = [f["properties"]["major"] for f in features]
    assert majors == sorted(majors, reverse=True)
    assert True in majors
    assert labels(client, EMPTY_FIELD, 16) == []


def test_text_runs_along_the_street_and_stays_upright(client):
    # Drawn westwards and north to south: the text still reads left to right, and top to bottom.
    street("Weststraße", (7.8705, 49.3850), (7.8650, 49.3850))
    street("Südstraße", (7.8680, 49.3880), (7.8680, 49.3815))
    angles = {f["properties"]["name"]: f["properties"]["angle"] for f in labels(client, EMPTY_FIELD, 17)}
    assert angles["Weststraße"] == pytest.approx(0, abs=0.2)
    assert angles["Südstraße"] == pytest.approx(90, abs=0.2)


def test_closer_zooms_get_more_labels_and_short_streets_only_when_their_name_fits(client):
    street("Lange Teststraße", (7.8610, 49.3850), (7.8790, 49.3850))  # about 1.3 km
    street("Kurzer Testweg mit langem Namen", (7.8700, 49.3830), (7.8700, 49.3826))  # about 45 m
    counts = {}
    for zoom in (15, 17, 19):
        found = labels(client, EMPTY_FIELD, zoom)
        counts[zoom] = sum(f["properties"]["name"] == "Lange Teststraße" for f in found)
        short = any(f["properties"]["name"] == "Kurzer Testweg mit langem Namen" for f in found)
        assert short is (zoom == 19)
    assert 1 <= counts[15] < counts[17] < counts[19]


def test_neighbouring_boxes_agree_on_the_anchors(client):
    west, south, east, north = INNENSTADT
    middle = round((west + east) / 2, 4)
    whole = {(f["id"], tuple(f["geometry"]["coordinates"])) for f in labels(client, INNENSTADT, 16)}
    left = {(f["id"], tuple(f["geometry"]["coordinates"])) for f in labels(client, (west, south, middle, north), 16)}
    right = {(f["id"], tuple(f["geometry"]["coordinates"])) for f in labels(client, (middle, south, east, north), 16)}
    assert left | right == whole


def test_answers_are_cached_until_the_gazetteer_changes(client):
    before = labels(client, EMPTY_FIELD, 16)
    street("Neue Teststraße", (7.8610, 49.3850), (7.8790, 49.3850))
    assert labels(client, EMPTY_FIELD, 16) == before
    cache.delete(GAZETTEER_VERSION_KEY)  # what load_gazetteer does after its commit
    assert {f["properties"]["name"] for f in labels(client, EMPTY_FIELD, 16)} == {"Neue Teststraße"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"zoom": 16}, "bbox"),
        ({"bbox": "7.7,49.4,7.8", "zoom": 16}, "bbox"),
        ({"bbox": "7.8,49.4,7.7,49.5", "zoom": 16}, "bbox"),  # west east of east
        ({"bbox": "nan,49.4,7.8,49.5", "zoom": 16}, "bbox"),
        ({"bbox": "7.5,49.3,7.9,49.6", "zoom": 16}, "bbox"),  # the whole city: too many names for one answer
        ({"bbox": "7.75,49.43,7.77,49.45", "zoom": 14}, "zoom"),  # city zoom: no street names
        ({"bbox": "7.75,49.43,7.77,49.45", "zoom": 20}, "zoom"),
        ({"bbox": "7.75,49.43,7.77,49.45", "zoom": "x"}, "zoom"),
        ({"bbox": "7.75,49.43,7.77,49.45"}, "zoom"),
    ],
)
def test_bad_input_is_answered_with_400(client, params, field):
    response = client.get(reverse("api:street-labels"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_too_large_a_box_is_explained_in_english(client):
    response = client.get(
        reverse("api:street-labels"), {"bbox": "7.5,49.3,7.9,49.6", "zoom": 16}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "too large" in response.json()["bbox"][0]
