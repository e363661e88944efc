"""GET /api/v1/layers/<id>/features/ with feedback counts, and GET/POST …/features/<id>/feedback/."""

import pytest
from django.contrib.gis.geos import LineString
from rest_framework.test import APIClient

from feedback.models import Feedback
from layers.models import Project
from tests.factories import FeatureFactory
from tests.feedback.factories import feedback_on


def url(feature, suffix="feedback/"):
    return f"/api/v1/layers/{feature.layer_id}/features/{feature.pk}/{suffix}"


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_login(citizen)
    return client


def test_features_carry_counts_and_suppressed_opinions(client, lane, django_assert_max_num_queries):
    quiet = FeatureFactory(layer=lane.layer, geom=LineString((7.7700, 49.4440), (7.7720, 49.4450), srid=4326))
    feedback_on(lane, "++++++-0")
    feedback_on(quiet, "--")
    with django_assert_max_num_queries(2):
        body = client.get(f"/api/v1/layers/{lane.layer_id}/features/").json()
    props = {f["id"]: f["properties"] for f in body["features"]}
    assert props[lane.pk]["feedback_count"] == 8
    assert 6 <= props[lane.pk]["dafuer"] <= 8  # published with the policy's small noise
    assert props[lane.pk]["dagegen"] is None  # a group of one: suppressed
    assert props[quiet.pk]["feedback_count"] == 2
    assert props[quiet.pk]["dafuer"] is None  # zero: withheld like 1 to 5
    assert props[quiet.pk]["dagegen"] is None


def test_feature_feedback_lists_published_entries_with_released_decisions(client, lane, planner):
    published, hidden = feedback_on(lane, "+-")
    Feedback.objects.filter(pk=hidden.pk).update(visibility=Feedback.Visibility.HIDDEN)
    Feedback.objects.filter(pk=published.pk).update(
        public_decision="beruecksichtigt", public_reason="Wird so gebaut.", decision="beruecksichtigt"
    )
    body = client.get(url(lane)).json()
    assert [r["id"] for r in body["results"]] == [published.pk]
    assert body["results"][0]["decision_label"] == "berücksichtigt"
    assert body["results"][0]["lon"] is None  # no point of the citizen's
    assert body["opinions"]["feedback_count"] == 2
    assert body["opinions"]["shares"] is None
    assert body["closed"] is None


def test_post_creates_feedback_with_a_point(api, lane):
    response = api.post(url(lane), {"text": "Hier ist es zu eng.", "opinion": "dagegen", "lon": 7.7675, "lat": 49.4439},
                        format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["lon"] == 7.7675
    assert Feedback.objects.get().stadtteil.name == "Innenstadt-Südwest"


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"text": "x" * 2001, "opinion": "dafuer"}, "text", "höchstens 2000"),
        ({"text": "Zu weit weg.", "opinion": "dafuer", "lon": 7.7675, "lat": 49.4470}, "lon", "m vom Objekt"),
        ({"text": "Ohne Breite.", "opinion": "dafuer", "lon": 7.7675}, "lat", "zusammen"),
        ({"text": "Falsche Meinung", "opinion": "egal"}, "opinion", ""),
        ({"text": "Nicht endlich.", "opinion": "dafuer", "lon": "NaN", "lat": 49.44}, "lon", ""),
    ],
)
def test_post_errors_name_the_field(api, lane, payload, field, words):
    response = api.post(url(lane), payload, format="json")
    assert response.status_code == 400
    assert words in response.json()[field][0]
    assert not Feedback.objects.exists()


def test_closed_phase_and_closed_feature_are_4xx_with_a_message(api, lane):
    lane.layer.project.phases.filter(kind="beteiligung").update(ends_on="2000-01-01", starts_on="2000-01-01")
    response = api.post(url(lane), {"text": "Zu spät?", "opinion": "neutral"}, format="json")
    assert response.status_code == 400
    assert "Beteiligungsphase" in response.json()["phase"][0]
    lane.layer.feedback_open = False
    lane.layer.save()
    response = api.post(url(lane), {"text": "Geschlossen?", "opinion": "neutral"}, format="json")
    assert response.status_code == 400
    assert "feature" in response.json()


def test_anonymous_and_unverified_may_not_post(lane, unverified):
    client = APIClient()
    assert client.post(url(lane), {"text": "Anonym.", "opinion": "dafuer"}, format="json").status_code in (401, 403)
    client.force_login(unverified)
    response = client.post(url(lane), {"text": "Unbestätigt.", "opinion": "dafuer"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "unverified"
    assert not Feedback.objects.exists()


def test_pre_moderated_post_is_not_public_yet(api, lane, client):
    Project.objects.filter(pk=lane.layer.project_id).update(moderation=Project.Moderation.PRE)
    response = api.post(url(lane), {"text": "Bitte prüfen.", "opinion": "neutral"}, format="json")
    assert response.status_code == 201
    assert response.json()["visibility"] == "pending"
    assert client.get(url(lane)).json()["results"] == []


def test_rate_limit_answers_429(api, lane, settings):
    settings.FEEDBACK_RATE_LIMITS = {**settings.FEEDBACK_RATE_LIMITS, "create": "2/h"}
    codes = [api.post(url(lane), {"text": f"Nummer {i}.", "opinion": "neutral"}, format="json").status_code
             for i in range(3)]  # fmt: skip
    assert codes == [201, 201, 429]
