"""The located statements as the staff-only GIS dataset "stellungnahmen": no names, the procedure's rule."""

from datetime import timedelta

from django.contrib.gis.geos import Point
from django.utils import timezone

from bauleitplanung.models import Statement
from tests.factories import api_key


def test_ogc_collection_for_planners_only_and_without_names(client, open_step, planner, moderator):
    Statement.objects.create(procedure=open_step.procedure, step=open_step, number=1, name="Erika Geheim",
                             email="erika@example.org", text="Hier fehlt ein Baum.", received_at=timezone.now()
                             - timedelta(hours=1), location=Point(7.768, 49.4435, srid=4326))  # fmt: skip
    Statement.objects.create(procedure=open_step.procedure, step=open_step, number=2, name="Ohne Ort",
                             text="Allgemein.", received_at=timezone.now())  # fmt: skip
    url = "/ogc/collections/stellungnahmen/items"
    assert client.get(url).status_code in (401, 403, 404)
    denied = client.get(url, headers={"authorization": f"Token {api_key(moderator)}"})
    assert denied.status_code in (401, 403, 404)
    body = client.get(url, headers={"authorization": f"Token {api_key(planner)}"}).json()
    assert [f["properties"]["nummer"] for f in body["features"]] == [1]
    assert body["features"][0]["properties"]["stellungnahme"] == "Hier fehlt ein Baum."
    assert "Erika" not in str(body)
    assert "erika@example.org" not in str(body)
