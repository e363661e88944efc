import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_districts_are_a_feature_collection_of_the_18_stadtteile(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("api:district-list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["number"] for f in body["features"]] == list(range(1, 19))
    betzenberg = body["features"][5]
    assert betzenberg["geometry"]["type"] == "MultiPolygon"
    assert betzenberg["properties"]["slug"] == "betzenberg"
    assert betzenberg["properties"]["ortsbezirk"]["name"] == "Innenstadt"
    assert betzenberg["properties"]["population"] == 5096
    assert betzenberg["properties"]["area_km2"] == pytest.approx(30.139, abs=0.001)
    assert betzenberg["properties"]["url"] == "/stadtteile/betzenberg/"
    assert "public" in response["Cache-Control"]


def test_districts_at_the_ortsbezirk_level(client):
    body = client.get(reverse("api:district-list"), {"level": "ortsbezirk"}).json()
    assert len(body["features"]) == 10
    innenstadt = next(f for f in body["features"] if f["properties"]["slug"] == "innenstadt")
    assert [s["number"] for s in innenstadt["properties"]["stadtteile"]] == list(range(1, 10))
    assert innenstadt["properties"]["population"] == 11442 + 8769 + 11267 + 8910 + 9993 + 5096 + 10559 + 5050 + 8565


def test_unknown_level_is_a_400(client):
    response = client.get(reverse("api:district-list"), {"level": "bundesland"})
    assert response.status_code == 400
    assert "level" in response.json()


def test_one_district_as_a_feature(client):
    response = client.get(reverse("api:district-detail", kwargs={"slug": "erfenbach"}))
    assert response.status_code == 200
    assert response.json()["type"] == "Feature"
    assert response.json()["properties"]["number"] == 18
    ortsbezirk = client.get(reverse("api:district-detail", kwargs={"slug": "innenstadt"}), {"level": "ortsbezirk"})
    assert ortsbezirk.json()["properties"]["has_ortsbeirat"] is False
    assert client.get(reverse("api:district-detail", kwargs={"slug": "mannheim"})).status_code == 404


def test_openapi_schema_and_docs(client):
    schema = client.get(reverse("schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ["/api/v1/districts/", "/api/v1/districts/{slug}/", "/api/v1/geocode/", "/api/v1/locate/"]:
        assert path in paths
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_healthz_answers_200_with_a_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"


# The 503 with a really stopped database: tests/edge/test_database_outage.py.
