"""The ideas app's part of the account's deletion: follows go, contributions stay anonymised."""

from django.urls import reverse

from proposals import services
from proposals.models import Comment, Follow
from tests.factories import PASSWORD, IdeaFactory, UserFactory


def test_deletion_removes_follows_and_keeps_comments_anonymised(client, db):
    user = UserFactory()
    idea = IdeaFactory()
    services.follow_set(idea=idea, user=user, follow=True)
    services.comment_create(idea=idea, author=user, text="Mein Kommentar")
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not Follow.objects.filter(user=user).exists()
    assert Comment.objects.get().author.public_name == "anonym"
