"""Hole 6 for ideas: one text rule at the input, and writers that stay valid for older rows.

U+000B in an idea title used to make the XLSX of the top ideas a 500 (leaving temporary files behind) and
the WFS GML not well-formed."""

import io
import tempfile
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from proposals.models import Idea
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_control_character_in_an_idea_is_refused_with_a_message(client):
    client.force_login(UserFactory())
    form = {"title": "Bank\x0bam Platz", "description": "Eine Bank im Schatten.", "lon": 7.769, "lat": 49.444}
    page = client.post(reverse("proposals:create"), form)
    assert page.status_code == 400
    assert "Steuerzeichen" in page.content.decode()
    api = client.post(
        reverse("api:idea-list"),
        '{"title": "Bank\\u000bam Platz", "description": "Eine Bank im Schatten."}',
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["code"] == "control_characters"
    assert not Idea.objects.exists()
    # Tabs and line breaks are text.
    assert client.get(reverse("proposals:map"), {"q": "Bank\tam\r\nPlatz"}).status_code == 200


def test_an_older_idea_with_a_control_character_still_exports(client, tmp_path, monkeypatch):
    IdeaFactory(title="Bank\x0bam Platz")
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client.get(reverse("dashboard:table-export", args=["top-ideen", "xlsx"]))
    assert response.status_code == 200
    values = [cell for row in load_workbook(io.BytesIO(response.content)).active.values for cell in row]
    assert "Bankam Platz" in values
    assert list(tmp_path.iterdir()) == []

    gml = client.get(
        "/wfs/",
        {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "app:ideen", "COUNT": "5"},
    )
    assert gml.status_code == 200
    # Our own server's answer; fromstring raises on a document that is not well-formed.
    tree = ElementTree.fromstring(b"".join(gml.streaming_content))  # noqa: S314
    assert "Bankam Platz" in ElementTree.tostring(tree, encoding="unicode")


def test_services_apply_the_rule_to_text_that_did_not_come_through_a_request():
    from proposals import services

    idea = IdeaFactory()
    comment = services.comment_create(idea=idea, author=UserFactory(), text="Gute\x0b Idee\x1f")
    assert comment.text == "Gute Idee"
