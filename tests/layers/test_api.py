import json

import pytest
from django.urls import reverse
from django.utils import timezone

from layers import services
from tests.factories import FeatureFactory, LayerFactory, PhaseFactory


@pytest.fixture
def projects(stadtteile):
    today = timezone.localdate()
    cycle = services.project_create(
        title="Radnetz", slug="radnetz", summary="Rad", topic="verkehr", area=stadtteile[1].label_point
    )
    park = services.project_create(
        title="Park", slug="park", summary="Grün", topic="umwelt", area=stadtteile[14].label_point
    )
    services.project_create(title="Ohne Gebiet", slug="ohne", summary="-", topic="verkehr")
    PhaseFactory(project=cycle, kind="beteiligung", starts_on=today - timezone.timedelta(days=3))
    PhaseFactory(project=park, kind="information", starts_on=today - timezone.timedelta(days=3))
    return {"cycle": cycle, "park": park}


def _slugs(response) -> list[str]:
    assert response["Content-Type"] == "application/geo+json"
    return sorted(f["properties"]["slug"] for f in json.loads(response.content)["features"])


def test_project_list_is_geojson_with_filters(client, projects, stadtteile, django_assert_num_queries):
    url = reverse("api:project-list")
    with django_assert_num_queries(1):
        response = client.get(url)
    assert _slugs(response) == ["ohne", "park", "radnetz"]
    feature = next(f for f in json.loads(response.content)["features"] if f["properties"]["slug"] == "radnetz")
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["phase"] == "beteiligung"
    assert feature["properties"]["url"] == "/vorhaben/radnetz/"

    assert _slugs(client.get(url, {"topic": "verkehr"})) == ["ohne", "radnetz"]
    assert _slugs(client.get(url, {"phase": "information"})) == ["park"]
    with django_assert_num_queries(2):  # the Stadtteil, then the projects
        assert _slugs(client.get(url, {"stadtteil": stadtteile[14].slug})) == ["park"]
    p = stadtteile[1].label_point
    bbox = f"{p.x - 0.001},{p.y - 0.001},{p.x + 0.001},{p.y + 0.001}"
    assert _slugs(client.get(url, {"bbox": bbox})) == ["radnetz"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"topic": "x"}, "topic"), ({"phase": "x"}, "phase"), ({"stadtteil": "nirgendwo"}, "stadtteil"),
     ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "8,49,7,50"}, "bbox")],
)  # fmt: skip
def test_project_list_refuses_bad_filters_by_field(client, db, params, field):
    response = client.get(reverse("api:project-list"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_project_detail(client, projects, settings, tmp_path):
    layer = LayerFactory(project=projects["cycle"], name="Routen", feature_count=1)
    services.document_create(project=projects["cycle"], title="Ratsvorlage", url="https://example.org/v")
    response = client.get(reverse("api:project-detail", kwargs={"slug": "radnetz"}))
    data = response.json()
    assert data["phase"] == "beteiligung"
    assert data["stadtteile"] == [projects["cycle"].stadtteile.get().slug]
    assert data["area"]["type"] == "Point"
    assert data["documents"] == [{"title": "Ratsvorlage", "url": "https://example.org/v"}]
    assert data["layers"][0]["features_url"] == f"/api/v1/layers/{layer.pk}/features/"
    assert data["accepts_ideas"] is False
    assert client.get(reverse("api:project-detail", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_project_layers(client, projects, settings, django_assert_max_num_queries):
    settings.LAYERS_GEOJSON_MAX_FEATURES = 10
    small = LayerFactory(project=projects["park"], name="Bänke", order=1, feature_count=3, stroke_color="#123456")
    big = LayerFactory(project=projects["park"], name="Bäume", order=2, feature_count=11)
    with django_assert_max_num_queries(2):
        data = client.get(reverse("api:project-layers", kwargs={"slug": "park"})).json()
    assert [layer["name"] for layer in data] == ["Bänke", "Bäume"]
    assert data[0]["style"]["stroke_color"] == "#123456"
    assert data[0]["features_url"] == f"/api/v1/layers/{small.pk}/features/"
    assert data[1]["features_url"] is None
    assert data[1]["tiles_url"] == f"/tiles/{big.pk}/{{z}}/{{x}}/{{y}}.mvt"


def test_layer_features_are_geojson_with_typed_attributes(client, db, django_assert_num_queries, settings):
    layer = LayerFactory(feature_count=2)
    FeatureFactory(layer=layer, attributes={"name": "<b>Bank</b>", "anzahl": 3, "neu": True})
    FeatureFactory(layer=layer)
    FeatureFactory()  # another layer
    with django_assert_num_queries(2):
        response = client.get(reverse("api:layer-features", kwargs={"layer_id": layer.pk}))
    data = json.loads(response.content)
    assert response["Cache-Control"] == "public, max-age=300"
    assert len(data["features"]) == 2
    assert data["features"][0]["properties"]["attributes"] == {"name": "<b>Bank</b>", "anzahl": 3, "neu": True}
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [7.77, 49.44]}

    settings.LAYERS_GEOJSON_MAX_FEATURES = 1
    response = client.get(reverse("api:layer-features", kwargs={"layer_id": layer.pk}))
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_features"
    assert client.get(reverse("api:layer-features", kwargs={"layer_id": 999999})).status_code == 404


def test_the_features_statement_is_compiled_once_and_serves_each_layer_its_own(client, db):
    from layers.selectors import layer_features_statement

    first, second = LayerFactory(feature_count=1), LayerFactory(feature_count=2)
    FeatureFactory(layer=first, attributes={"name": "eins"})
    FeatureFactory.create_batch(2, layer=second, attributes={"name": "zwei"})
    for layer, count, name in ((first, 1, "eins"), (second, 2, "zwei"), (first, 1, "eins")):
        features = client.get(reverse("api:layer-features", kwargs={"layer_id": layer.pk})).json()["features"]
        assert [f["properties"]["attributes"]["name"] for f in features] == [name] * count
    statement = layer_features_statement(layer_id=second.pk)
    assert statement.params == (second.pk,)
    assert statement.sql.count("%s") == 1
    assert layer_features_statement(layer_id=first.pk).sql is statement.sql


def test_openapi_schema_lists_the_project_endpoints(client, db):
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    assert {"/api/v1/projects/", "/api/v1/projects/{slug}/", "/api/v1/projects/{slug}/layers/",
            "/api/v1/layers/{layer_id}/features/"} <= set(schema["paths"])  # fmt: skip
