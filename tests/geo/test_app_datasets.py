"""The datasets the apps register for GIS users, read through the OGC API (same SQL as exports and WFS)."""

import base64
import json
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Polygon
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import Role
from surveys.models import Answer, AnswerChoice, Question, Response
from tests.factories import (
    ChoiceFactory,
    FeatureFactory,
    IdeaFactory,
    ProjectFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    api_key,
)

pytestmark = pytest.mark.django_db


def _items(client, collection, **params):
    response = client.get(f"/ogc/collections/{collection}/items", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.fixture
def ideas(stadtteile):
    """Three published ideas in Innenstadt-Ost, two in Mölschbach, and one waiting for moderation."""
    made = [IdeaFactory(stadtteil=stadtteile[1], support_count=n) for n in (1, 2, 4)]
    made += [IdeaFactory(stadtteil=stadtteile[14], status="angenommen") for _ in range(2)]
    IdeaFactory(stadtteil=stadtteile[1], visibility="pending", published_at=None)
    return made


def test_only_published_ideas_are_published_with_readable_attributes(client, ideas):
    body = _items(client, "ideen")
    assert body["numberMatched"] == 5
    accepted = next(f for f in body["features"] if f["properties"]["stadtteil_nr"] == 14)
    assert accepted["properties"]["status"] == "angenommen"
    assert accepted["properties"]["ortsbezirk"] == "Mölschbach"
    assert _items(client, "ideen", stadtteil=14)["numberMatched"] == 2
    assert _items(client, "ideen", status="angenommen")["numberMatched"] == 2


def test_districts_carry_idea_counts_and_rates(client, ideas, stadtteile):
    rows = {f["properties"]["nummer"]: f["properties"] for f in _items(client, "stadtteile")["features"]}
    assert rows[1]["ideen"] == 3
    assert rows[1]["unterstuetzungen"] == 7
    assert rows[1]["ideen_je_1000_ew"] == pytest.approx(3 * 1000 / stadtteile[1].population)
    assert rows[14]["ideen"] == 2
    assert rows[2]["ideen"] == 0
    ortsbezirke = {f["properties"]["name"]: f["properties"] for f in _items(client, "ortsbezirke")["features"]}
    assert ortsbezirke["Innenstadt"]["ideen"] == 3
    innenstadt_population = sum(stadtteile[n].population for n in range(1, 10))
    assert ortsbezirke["Innenstadt"]["ideen_je_1000_ew"] == pytest.approx(3 * 1000 / innenstadt_population)
    assert ortsbezirke["Mölschbach"]["ideen"] == 2


def test_project_areas_and_layer_features(client):
    project = ProjectFactory(title="Neugestaltung Stiftsplatz", area=Polygon.from_bbox((7.76, 49.44, 7.77, 49.45)))
    ProjectFactory(area=None)
    FeatureFactory(layer__project=project, layer__name="Bänke", attributes={"name": "Bank", "anzahl": 3})
    areas = _items(client, "vorhaben-flaechen")
    assert [f["properties"]["titel"] for f in areas["features"]] == ["Neugestaltung Stiftsplatz"]
    assert areas["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert _items(client, "vorhaben-punkte")["numberMatched"] == 0
    features = _items(client, "vorhaben-ebenen-punkte", project=project.slug)["features"]
    assert features[0]["properties"]["ebene"] == "Bänke"
    assert features[0]["properties"]["attribute"] == {"name": "Bank", "anzahl": 3}
    assert features[0]["geometry"]["type"] == "MultiPoint"
    # The mixed dataset itself is no collection: its 404 names the layers to use.
    response = client.get("/ogc/collections/vorhaben/items")
    assert response.status_code == 404
    assert "vorhaben-punkte" in response.json()["description"]


@pytest.fixture
def map_answer(stadtteile):
    survey = SurveyFactory(title="Angsträume")
    where = QuestionFactory(survey=survey, kind=Question.Kind.POINT, text="Wo fühlen Sie sich unsicher?")
    when = QuestionFactory(survey=survey, kind=Question.Kind.SINGLE, text="Wann?")
    night = ChoiceFactory(question=when, text="nachts")
    response = Response.objects.create(survey=survey, token="browser-1", verified=False, stadtteil=stadtteile[3])
    Answer.objects.create(response=response, question=where, geom=stadtteile[3].label_point, stadtteil=stadtteile[3])
    AnswerChoice.objects.create(answer=Answer.objects.create(response=response, question=when), choice=night)
    return survey


def test_survey_map_answers_are_for_staff_only_with_the_other_answers(client, map_answer):
    assert client.get("/ogc/collections/umfrage-kartenantworten-punkte/items").status_code == 404
    key = api_key(UserFactory(roles=[Role.PLANNER]))
    response = client.get(
        "/ogc/collections/umfrage-kartenantworten-punkte/items", headers={"authorization": f"Token {key}"}
    )  # fmt: skip
    (feature,) = response.json()["features"]
    assert feature["properties"]["umfrage"] == "Angsträume"
    assert feature["properties"]["frage"] == "Wo fühlen Sie sich unsicher?"
    assert feature["properties"]["stadtteil_nr"] == 3
    assert feature["properties"]["weitere_antworten"] == {"Wann?": "nachts"}
    assert feature["geometry"]["type"] == "MultiPoint"


def test_citizens_get_no_exact_map_answers_even_with_a_token(client, map_answer):
    key = api_key(UserFactory())
    headers = {"authorization": f"Token {key}"}
    assert client.get("/ogc/collections/umfrage-kartenantworten-punkte/items", headers=headers).status_code == 404
    export = client.get("/api/v1/exports/umfrage-kartenantworten.gpkg", headers=headers)
    assert export.status_code == 400
    assert "dataset" in export.json()


def test_every_dataset_is_served_by_wfs(client, ideas, map_answer):
    FeatureFactory(layer__project=ProjectFactory(area=Polygon.from_bbox((7.76, 49.44, 7.77, 49.45))))
    key = api_key(UserFactory(roles=[Role.ADMIN]))
    headers = {"authorization": f"Token {key}"}
    capabilities = client.get("/wfs/", {"SERVICE": "WFS", "REQUEST": "GetCapabilities"}, headers=headers)
    names = [
        "ideen",
        "vorhaben-flaechen",
        "vorhaben-ebenen-punkte",
        "stadtteile",
        "ortsbezirke",
        "umfrage-kartenantworten-punkte",
    ]
    for name in names:
        assert f"<Name>app:{name}</Name>" in capabilities.content.decode()
        params = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": name, "COUNT": 2}
        response = client.get("/wfs/", {**params, "OUTPUTFORMAT": "geojson"}, headers=headers)
        assert response.status_code == 200, name
        body = json.loads(b"".join(response.streaming_content))
        assert body["features"], name
    public = client.get("/wfs/", {"SERVICE": "WFS", "REQUEST": "GetCapabilities"}).content.decode()
    assert "umfrage-kartenantworten" not in public


def test_moderators_get_no_exact_map_answers_in_any_gis_path(client, map_answer):
    """Attacker: a Moderation account (staff, but without `surveys.view_exact_answers`) tries every way in."""
    moderator = UserFactory(roles=[Role.MODERATOR])
    headers = {"authorization": f"Token {api_key(moderator)}"}
    name = "umfrage-kartenantworten"
    assert client.get(f"/ogc/collections/{name}-punkte/items", headers=headers).status_code == 404
    collections = client.get("/ogc/collections", headers=headers).json()["collections"]
    assert name not in json.dumps(collections)
    assert "ideen" in {c["id"] for c in collections}
    export = client.get(f"/api/v1/exports/{name}.geojson", headers=headers)
    assert export.status_code == 400
    assert "dataset" in export.json()
    capabilities = client.get("/wfs/", {"SERVICE": "WFS", "REQUEST": "GetCapabilities"}, headers=headers)
    assert "<Name>app:ideen</Name>" in capabilities.content.decode()
    assert name not in capabilities.content.decode()
    get_feature = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": f"app:{name}-punkte"}
    wfs_get = client.get("/wfs/", get_feature, headers=headers)
    assert wfs_get.status_code == 400
    assert b"Angstr" not in wfs_get.content
    body = (
        '<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0" '
        'xmlns:app="https://klmitwirkung.kaiserslautern.de/wfs">'
        f'<wfs:Query typeNames="app:{name}-punkte"/></wfs:GetFeature>'
    )
    wfs_post = client.post("/wfs/", body, content_type="application/xml", headers=headers)
    assert wfs_post.status_code == 400
    assert b"Angstr" not in wfs_post.content
    # A signed-in moderator's session is no better than the token.
    client.force_login(moderator)
    assert client.get(f"/ogc/collections/{name}-punkte/items").status_code == 404
    assert name not in client.get("/gis/").content.decode()
    # A planner reads the same answers through each of these paths.
    planner_headers = {"authorization": f"Token {api_key(UserFactory(roles=[Role.PLANNER]))}"}
    client.logout()
    planner_post = client.post("/wfs/", body, content_type="application/xml", headers=planner_headers)
    assert "Angsträume" in b"".join(planner_post.streaming_content).decode()
    planner_get = client.get("/wfs/", get_feature, headers=planner_headers)
    assert "Angsträume" in b"".join(planner_get.streaming_content).decode()
    assert client.get(f"/api/v1/exports/{name}.geojson", headers=planner_headers).status_code == 200


def test_an_expired_token_opens_no_gis_path(client, map_answer):
    """Expiry holds for GIS clients as for the API: as a header token and as QGIS's Basic password."""
    planner = UserFactory(roles=[Role.PLANNER])
    key = api_key(planner)
    basic = base64.b64encode(f"{planner.get_username()}:{key}".encode()).decode()
    ogc = "/ogc/collections/umfrage-kartenantworten-punkte/items"
    get_feature = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
                   "TYPENAMES": "app:umfrage-kartenantworten-punkte", "OUTPUTFORMAT": "geojson"}  # fmt: skip
    for authorization in (f"Token {key}", f"Basic {basic}"):
        headers = {"authorization": authorization}
        assert client.get(ogc, headers=headers).status_code == 200
        assert client.get("/wfs/", get_feature, headers=headers).status_code == 200
    ApiToken.objects.filter(user=planner).update(expires_at=timezone.now() - timedelta(seconds=1))
    for authorization in (f"Token {key}", f"Basic {basic}"):
        headers = {"authorization": authorization}
        assert client.get(ogc, headers=headers).status_code == 404
        refused = client.get("/wfs/", get_feature, headers=headers)
        assert refused.status_code == 400
        assert b"Angstr" not in refused.content
        capabilities = client.get("/wfs/", {"SERVICE": "WFS", "REQUEST": "GetCapabilities"}, headers=headers)
        assert "umfrage-kartenantworten" not in capabilities.content.decode()
