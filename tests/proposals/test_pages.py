import pytest
from django.urls import reverse

from proposals.models import Comment, Idea, ModerationLog, Report, Support
from tests.factories import IdeaFactory, ProjectFactory, UserFactory
from tests.uploads import png_upload

pytestmark = pytest.mark.django_db

MAP = "/ideen/"


def test_map_page_lists_ideas_without_javascript_and_paginates(client, django_assert_max_num_queries):
    IdeaFactory.create_batch(25)
    IdeaFactory(visibility=Idea.Visibility.PENDING, title="Noch geheim")
    with django_assert_max_num_queries(6):
        response = client.get(MAP)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="idea-row"') == 20
    assert "Noch geheim" not in html
    assert "seite=2" in html
    assert client.get(MAP, {"seite": 2}).content.decode().count('class="idea-row"') == 5


def test_map_page_filters_the_list(client, stadtteile):
    IdeaFactory(stadtteil=stadtteile[1], title="Im Zentrum")
    IdeaFactory(stadtteil=stadtteile[14], title="Am Stadtrand")
    html = client.get(MAP, {"district": 14}).content.decode()
    assert "Am Stadtrand" in html
    assert "Im Zentrum" not in html
    assert "district=14" in client.get(MAP, {"district": 14}).context["query"]


def test_user_text_is_escaped(client):
    idea = IdeaFactory(title="<script>alert(1)</script>", description="<img src=x onerror=alert(2)>")
    Comment.objects.create(idea=idea, author=idea.author, text="<b>fett</b>")
    for url in (MAP, idea.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html


def test_detail_page_shows_status_history_answer_and_comments(client, planner, django_assert_max_num_queries):
    from proposals import services

    idea = IdeaFactory()
    services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.ACCEPTED, answer="Wird 2027 gebaut.")
    top = services.comment_create(idea=idea, author=UserFactory(), text="Prima")
    services.comment_create(idea=idea, author=UserFactory(), text="Antwort darauf", parent=top)
    with django_assert_max_num_queries(10):
        html = client.get(idea.get_absolute_url()).content.decode()
    assert "Wird 2027 gebaut." in html
    assert "angenommen" in html
    assert "Antwort darauf" in html


def test_pending_ideas_are_visible_to_their_author_and_staff_only(client, moderator):
    idea = IdeaFactory(visibility=Idea.Visibility.PENDING, title="Wartende Idee am Stiftsplatz")
    assert client.get(idea.get_absolute_url()).status_code == 404
    for viewer in (idea.author, moderator):
        client.force_login(viewer)
        response = client.get(idea.get_absolute_url())
        assert response.status_code == 200
        assert response.context["idea"] == idea
        assert "Wartende Idee am Stiftsplatz" in response.content.decode()


def test_support_comment_report_and_follow_without_javascript(client, citizen):
    idea = IdeaFactory()
    client.force_login(citizen)
    client.post(reverse("proposals:support", args=[idea.pk]))
    assert Support.objects.filter(idea=idea, user=citizen).exists()
    client.post(reverse("proposals:support", args=[idea.pk]), {"withdraw": "1"})
    assert not Support.objects.filter(idea=idea, user=citizen).exists()
    response = client.post(reverse("proposals:comment", args=[idea.pk]), {"text": "Sehr gute Idee"})
    assert response.status_code == 302
    assert Comment.objects.get().text == "Sehr gute Idee"
    client.post(reverse("proposals:report", args=[idea.pk]), {"reason": "Das ist Werbung"})
    assert Report.objects.get().reason == "Das ist Werbung"
    client.post(reverse("proposals:follow", args=[idea.pk]), {"unfollow": "1"})
    assert not idea.follows.filter(user=citizen).exists()


def test_empty_comment_shows_a_form_error(client, citizen):
    idea = IdeaFactory()
    client.force_login(citizen)
    response = client.post(reverse("proposals:comment", args=[idea.pk]), {"text": ""})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_pin_an_idea_with_the_form(client, citizen, category, stadtteile, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory()
    client.force_login(citizen)
    assert client.get(reverse("proposals:create")).status_code == 200
    x, y = stadtteile[4].label_point.coords
    data = {
        "title": "Neue Bänke",
        "description": "Am Weg fehlen Bänke.",
        "category": category.pk,
        "project": project.pk,
    }
    response = client.post(
        reverse("proposals:create"),
        data | {"lon": x, "lat": y, "photo": png_upload("ort.png")},
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    assert idea.stadtteil == stadtteile[4]
    assert idea.project == project
    assert idea.photo.name.endswith(".png")


def test_pin_outside_the_city_shows_the_message(client, citizen, category):
    client.force_login(citizen)
    data = {"title": "Neue Bänke", "description": "Am Weg fehlen Bänke.", "category": category.pk}
    response = client.post(reverse("proposals:create"), data | {"lon": 7.60, "lat": 49.44})
    assert response.status_code == 400
    assert "außerhalb von Kaiserslautern" in response.content.decode()
    assert not Idea.objects.exists()


def test_create_page_needs_login(client):
    response = client.get(reverse("proposals:create"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"), [("citizen", 403), ("planner", 200), ("moderator", 200), ("city_admin", 200)]
)
def test_moderation_queue_access(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("proposals:moderation")).status_code == status


def test_moderation_actions_from_the_queue(client, moderator, citizen):
    idea = IdeaFactory(visibility=Idea.Visibility.PENDING, published_at=None, title="Wartet")
    client.force_login(moderator)
    assert "Wartet" in client.get(reverse("proposals:moderation")).content.decode()
    url = reverse("proposals:moderate", args=[idea.pk])
    client.post(url, {"action": "reject", "reason": ""})
    idea.refresh_from_db()
    assert idea.visibility == Idea.Visibility.PENDING  # a rejection needs a reason
    client.post(url, {"action": "approve", "reason": ""})
    idea.refresh_from_db()
    assert idea.is_public
    client.post(url, {"status": "in_pruefung", "answer": "Wir prüfen."})
    idea.refresh_from_db()
    assert idea.status == "in_pruefung"
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["status", "approve"]
    client.force_login(citizen)
    assert client.post(url, {"action": "hide", "reason": "Einfach so"}).status_code == 403


def test_moderation_redirect_stays_on_the_site(client, moderator):
    idea = IdeaFactory(visibility=Idea.Visibility.PENDING)
    client.force_login(moderator)
    response = client.post(
        reverse("proposals:moderate", args=[idea.pk]), {"action": "approve", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("proposals:moderation")


def test_project_panel_lists_the_projects_ideas(rf, stadtteile):
    from proposals.panels import project_ideas

    project = ProjectFactory()
    IdeaFactory(project=project, title="Zum Vorhaben")
    IdeaFactory(title="Ohne Vorhaben")
    request = rf.get("/")
    request.user = UserFactory()
    html = project_ideas(request, project)
    assert "Zum Vorhaben" in html
    assert "Ohne Vorhaben" not in html
    assert f"?vorhaben={project.slug}" in html
