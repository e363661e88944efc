import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from geo.models import Place
from geo.selectors import geocode
from geo.text import normalize, split_housenumber

pytestmark = pytest.mark.django_db


def test_normalize_spells_out_and_transliterates():
    assert normalize("Pirmasenser Str. 12") == "pirmasenser strasse 12"
    assert normalize("Pirmasenser Straße 12") == "pirmasenser strasse 12"
    assert normalize("Mölschbach") == "moelschbach"
    assert normalize("Fischerstr") == "fischerstrasse"
    assert normalize("Strand") == "strand"
    assert split_housenumber("rummelstrasse 9 a") == ("rummelstrasse", "9a")
    assert split_housenumber("rummelstrasse") == ("rummelstrasse", "")


def test_the_gazetteer_holds_streets_addresses_and_places():
    counts = {kind: Place.objects.filter(kind=kind).count() for kind in Place.Kind.values}
    assert counts["street"] == 583  # distinct street names in the 2013 extract
    assert counts["address"] > 11_000
    assert counts["place"] > 1_000
    # The Stadtteil is assigned by our polygons: the 2013 extract covers the core city only.
    assert not Place.objects.filter(stadtteil__isnull=True).exists()
    assert set(Place.objects.values_list("stadtteil__number", flat=True).distinct()) <= set(range(1, 10))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Fruchthalle", "Fruchthalle"),
        ("Fruchthale", "Fruchthalle"),  # typo
        ("Pfaltztheater", "Pfalztheater"),  # typo
        ("Rummelstr 9", "Rummelstraße 9, 67655"),  # abbreviation and house number
        ("pirmasenser strasse 12", "Pirmasenser Straße 12,"),
        ("Marktstraße", "Marktstraße, Kaiserslautern"),  # the street before its addresses
    ],
)
def test_geocode_finds_the_best_match_first(query, expected):
    results = geocode(query)
    assert results, query
    assert results[0].label.startswith(expected)


def test_geocode_of_an_address_returns_its_position():
    first = geocode("Rummelstraße 9")[0]
    assert first.kind == Place.Kind.ADDRESS
    assert first.location.x == pytest.approx(7.77224, abs=1e-5)
    assert first.location.y == pytest.approx(49.44311, abs=1e-5)
    assert first.stadtteil.number == 1


def test_geocode_returns_nothing_for_nonsense():
    assert geocode("xqzzyv") == []
    assert geocode("  !! ") == []


def test_geocode_uses_one_query_for_results():
    with CaptureQueriesContext(connection) as ctx:
        geocode("Marktstraße 5", limit=10)
    # SAVEPOINT/SET LOCAL bookkeeping plus exactly one SELECT (Stadtteil joined, not fetched per row).
    assert sum(q["sql"].lstrip().upper().startswith("SELECT") for q in ctx.captured_queries) == 1


def test_geocode_api_returns_ranked_geojson_points(client):
    response = client.get(reverse("api:geocode"), {"q": "Fruchthalle", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert 1 <= len(body["features"]) <= 3
    first = body["features"][0]
    assert first["geometry"]["type"] == "Point"
    lon, lat = first["geometry"]["coordinates"]
    assert 7.7 < lon < 7.85
    assert 49.4 < lat < 49.5
    assert first["properties"]["label"].startswith("Fruchthalle")
    assert first["properties"]["stadtteil"]["number"] in range(1, 10)


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "q"), ({"q": "a"}, "q"), ({"q": "x" * 201}, "q"), ({"q": "Markt", "limit": 0}, "limit"),
     ({"q": "Markt", "limit": "viele"}, "limit"), ({"q": "Markt", "limit": 500}, "limit")],
)  # fmt: skip
def test_geocode_api_answers_bad_input_with_400(client, params, field):
    response = client.get(reverse("api:geocode"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_geocode_api_tells_places_of_one_name_apart(client):
    # OpenStreetMap has the Stiftsplatz as a square, a bus stop and a platform, and as a street.
    response = client.get(reverse("api:geocode"), {"q": "Stiftsplatz", "limit": 6})
    shown = [(f["properties"]["label"], f["properties"]["description"]) for f in response.json()["features"]]
    assert len(shown) == len(set(shown)) == 6
    assert ("Stiftsplatz, Kaiserslautern", "Ort · Innenstadt-Ost") in shown
    assert ("Stiftsplatz, Kaiserslautern", "Straße · Innenstadt-Ost") in shown
    assert ("Stiftsplatz 1, 67655 Kaiserslautern", "Adresse · Innenstadt-Ost") in shown
