"""JSON nested deeper than Python's parser recurses is a 400 on every API, not a RecursionError (500)."""

import pytest
from django.contrib.gis.geos import LineString

from tests.factories import FeatureFactory, LayerFactory, ProjectFactory, SurveyFactory, UserFactory

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.django_db
@pytest.mark.parametrize("body", [DEEP, '{"answers": {"1": ' + DEEP + "}}", '{"a":' * 50_000 + "1" + "}" * 50_000])
def test_deeply_nested_json_is_a_400_with_a_german_message(client, body):
    client.force_login(UserFactory())
    layer = LayerFactory(project=ProjectFactory(), feedback_open=True)
    feature = FeatureFactory(layer=layer, geom=LineString((7.765, 49.4435), (7.77, 49.444), srid=4326))
    for url in [
        f"/api/v1/surveys/{SurveyFactory().pk}/responses/",
        "/api/v1/ideas/",
        f"/api/v1/layers/{layer.pk}/features/{feature.pk}/feedback/",
    ]:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, url
        assert response.json()["detail"] == "Die JSON-Daten sind zu tief verschachtelt.", url
