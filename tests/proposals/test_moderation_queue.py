"""The moderation queue: pages, filters, a preview per idea, and bulk actions behind a confirmation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Idea, ModerationLog
from proposals.views.moderation import PER_PAGE
from tests.factories import IdeaFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("proposals:moderation")
BULK = reverse("proposals:moderate-bulk")


@pytest.fixture
def author():
    return UserFactory(password=None)  # one author for all: hashing a password per idea is slow


@pytest.fixture
def pending(author):
    def make(**kwargs):
        return IdeaFactory(visibility=Idea.Visibility.PENDING, published_at=None, author=author, **kwargs)

    return make


def test_queue_pages_oldest_first_with_a_preview_per_idea(
    pending, client, moderator, stadtteile, django_assert_max_num_queries
):
    now = timezone.now()
    ideas = [pending(title=f"Wartende Idee {i:02}", created_at=now - timedelta(hours=100 - i)) for i in range(25)]
    client.force_login(moderator)
    with django_assert_max_num_queries(13):  # as many for 25 as for 2,500: no query per idea
        html = client.get(QUEUE).content.decode()
    assert "25 Ideen warten auf Freigabe" in html
    assert ideas[0].title in html
    assert ideas[PER_PAGE - 1].title in html
    assert ideas[PER_PAGE].title not in html
    assert html.count('class="idea-preview"') == PER_PAGE
    assert 'id="stadtteil-outline-' in html
    assert "<circle cx=" in html
    second = client.get(QUEUE, {"seite": 2}).content.decode()
    assert ideas[PER_PAGE].title in second
    assert ideas[0].title not in second


def test_queue_filters_by_project_stadtteil_and_age(pending, client, moderator, stadtteile):
    project = ProjectFactory()
    old = pending(title="Alt in Stadtteil 14", stadtteil=stadtteile[14], created_at=timezone.now() - timedelta(days=9))
    new = pending(title="Neu mit Vorhaben", project=project)
    client.force_login(moderator)

    def titles(**params):
        html = client.get(QUEUE, params).content.decode()
        return {t for t in (old.title, new.title) if t in html}

    assert titles() == {old.title, new.title}
    assert titles(project=project.pk) == {new.title}
    assert titles(stadtteil=stadtteile[14].pk) == {old.title}
    assert titles(age=7) == {old.title}


def test_bulk_action_asks_for_a_confirmation_naming_each_idea(pending, client, moderator, stadtteile):
    a, b, c = pending(title="Bank am Weiher"), pending(title="Baum am Markt"), pending(title="Bleibt")
    client.force_login(moderator)
    confirm = client.post(BULK, {"ids": [a.pk, b.pk], "action": "reject", "next": QUEUE})
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "„Bank am Weiher“" in html
    assert "„Baum am Markt“" in html
    assert c.title not in html
    assert Idea.objects.filter(visibility=Idea.Visibility.PENDING).count() == 3  # nothing done yet

    no_reason = client.post(BULK, {"ids": [a.pk, b.pk], "action": "reject", "confirm": "1"})
    assert "Begründung" in no_reason.content.decode()
    assert Idea.objects.filter(visibility=Idea.Visibility.PENDING).count() == 3

    done = client.post(BULK, {"ids": [a.pk, b.pk], "action": "reject", "reason": "Doppelt eingereicht", "confirm": "1"})
    assert done.status_code == 302
    assert set(Idea.objects.filter(visibility=Idea.Visibility.REJECTED).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert ModerationLog.objects.filter(action="reject").count() == 2


def test_one_ideas_button_confirms_with_its_title(pending, client, moderator, stadtteile):
    idea = pending(title="Trinkbrunnen am Stiftsplatz")
    client.force_login(moderator)
    html = client.post(BULK, {"one": f"approve:{idea.pk}", "action": "hide"}).content.decode()
    assert "„Trinkbrunnen am Stiftsplatz“ freigeben" in html
    client.post(BULK, {"ids": [idea.pk], "action": "approve", "confirm": "1"})
    idea.refresh_from_db()
    assert idea.is_public


def test_bulk_needs_the_moderation_permission(pending, client, citizen, planner, stadtteile):
    idea = pending()
    for user in (citizen, planner):
        client.force_login(user)
        assert client.post(BULK, {"ids": [idea.pk], "action": "approve", "confirm": "1"}).status_code == 403
    idea.refresh_from_db()
    assert not idea.is_public


def test_bulk_without_a_choice_is_a_message_not_an_error(pending, client, moderator):
    client.force_login(moderator)
    response = client.post(BULK, {"action": "approve"}, follow=True)
    assert "Bitte wählen Sie mindestens eine Idee." in response.content.decode()
