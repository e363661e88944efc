"""Hole 9: the public comment count follows moderation (the page, the API and the OGC `kommentare` agree)."""

from django.urls import reverse

from proposals import services
from tests.factories import IdeaFactory, UserFactory


def test_hiding_a_comment_takes_it_and_its_replies_out_of_the_public_count(client, moderator, citizen):
    idea = IdeaFactory()
    rude = services.comment_create(idea=idea, author=citizen, text="Blöde Idee, ihr Idioten")
    services.comment_create(idea=idea, author=UserFactory(), text="Das finde ich nicht.", parent=rude)
    services.comment_create(idea=idea, author=UserFactory(), text="Gute Idee für den Platz!")
    assert client.get(reverse("api:idea-detail", args=[idea.pk])).json()["comment_count"] == 3

    services.comment_hide(comment=rude, actor=moderator, reason="Beleidigung")
    services.comment_hide(comment=rude, actor=moderator, reason="noch einmal")  # twice is once

    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert client.get(reverse("api:idea-detail", args=[idea.pk])).json()["comment_count"] == 1
    items = client.get("/ogc/collections/ideen/items", {"limit": 50}).json()["features"]
    assert [f["properties"]["kommentare"] for f in items if f["id"] == idea.pk] == [1]
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Gute Idee für den Platz!" in page
    assert "Idioten" not in page
    assert "Das finde ich nicht." not in page
