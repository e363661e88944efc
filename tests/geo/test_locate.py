import pytest
from django.urls import reverse

from geo.districting import locate
from geo.models import Stadtteil
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
