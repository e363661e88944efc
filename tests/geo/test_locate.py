import pytest
from django.contrib.gis.geos import LineString, Polygon
from django.urls import reverse

from geo.districting import assign_districts, locate
from geo.models import Place, Stadtteil
from geo.spatial import point_from_lonlat

pytestmark = pytest.mark.django_db


def test_each_label_point_is_located_in_its_own_stadtteil():
    for stadtteil in Stadtteil.objects.all():
        location = locate(stadtteil.label_point)
        assert location.stadtteil == stadtteil
        assert location.ortsbezirk == stadtteil.ortsbezirk


def test_a_point_outside_the_city_is_not_located():
    assert locate(point_from_lonlat(7.60, 49.44)) is None  # west of Einsiedlerhof, in Landkreis KL
    assert locate(point_from_lonlat(8.47, 49.49)) is None  # Mannheim


def test_locate_api_names_stadtteil_and_ortsbezirk(client):
    response = client.get(reverse("api:locate"), {"lon": 7.7700, "lat": 49.4450})  # near the Fruchthalle
    assert response.status_code == 200
    body = response.json()
    assert body["stadtteil"]["number"] in {1, 2, 4}
    assert body["ortsbezirk"] == {"name": "Innenstadt", "slug": "innenstadt", "has_ortsbeirat": False}

    hohenecken = Stadtteil.objects.get(number=16).label_point
    body = client.get(reverse("api:locate"), {"lon": hohenecken.x, "lat": hohenecken.y}).json()
    assert body["stadtteil"]["slug"] == "hohenecken"
    assert body["ortsbezirk"]["has_ortsbeirat"] is True


def test_locate_api_refuses_a_point_outside_with_422(client):
    response = client.get(reverse("api:locate"), {"lon": 8.47, "lat": 49.49})
    assert response.status_code == 422
    assert response.json()["code"] == "outside_city"
    assert "außerhalb von Kaiserslautern" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lat": 49.44}, "lon"),
        ({"lon": "sieben", "lat": 49.44}, "lon"),
        ({"lon": 7.77, "lat": "NaN"}, "lat"),
        ({"lon": 190, "lat": 49.44}, "lon"),
        ({"lon": 7.77, "lat": -91}, "lat"),
        ({"lon": 7.77, "lat": "1e999"}, "lat"),
    ],
)
def test_locate_api_answers_bad_numbers_with_400_naming_the_field(client, params, field):
    response = client.get(reverse("api:locate"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_locate_api_speaks_english_when_asked(client):
    response = client.get(reverse("api:locate"), {"lon": 8.47, "lat": 49.49}, headers={"accept-language": "en"})
    assert response.json()["detail"] == "This place is outside Kaiserslautern. Please choose a place within the city."


def test_lines_and_areas_go_to_the_stadtteil_of_their_point_on_surface(stadtteile):
    a, b = stadtteile[1].label_point, stadtteile[2].label_point
    line = LineString(a, b, srid=4326)
    assert locate(line).stadtteil.number == Stadtteil.objects.get(geom__intersects=line.point_on_surface).number
    x, y = a.coords
    square = Polygon(((x, y), (x + 0.001, y), (x + 0.001, y + 0.001), (x, y + 0.001), (x, y)), srid=4326)
    assert locate(square).stadtteil.number == 1
    leaving = LineString(a, point_from_lonlat(8.47, 49.49), srid=4326)  # from the Innenstadt to Mannheim
    assert locate(leaving) is None


def test_bulk_assignment_uses_the_same_rule(stadtteile):
    inside = Place.objects.create(
        kind="place", name="a", label="a", search_text="a", location=stadtteile[16].label_point
    )
    outside = Place.objects.create(
        kind="place", name="b", label="b", search_text="b", location=point_from_lonlat(8.47, 49.49),
        stadtteil=stadtteile[1],
    )  # fmt: skip
    assert (
        assign_districts(table="geo_place", geom="location", where="t.id = ANY(%s)", params=[[inside.pk, outside.pk]])
        == 2
    )
    inside.refresh_from_db()
    outside.refresh_from_db()
    assert inside.stadtteil == stadtteile[16]
    assert outside.stadtteil is None
