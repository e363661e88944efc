"""Two moderators (or one double click) approving the same pending idea at once: approved once, one e-mail;
a bulk confirmation naming ideas that were moderated or deleted meanwhile leaves those alone."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from proposals import services
from proposals.models import Idea, ModerationLog
from tests.factories import IdeaFactory, UserFactory
from tests.threads import at_once

BULK = reverse("proposals:moderate-bulk")


def _pending(**kwargs) -> Idea:
    return IdeaFactory(visibility=Idea.Visibility.PENDING, published_at=None, **kwargs)


@pytest.mark.django_db(transaction=True)
def test_two_moderators_approving_at_once_publish_once_and_mail_the_author_once(reference_data):
    idea = _pending(author=UserFactory(email="autorin@example.org"))
    # Each moderator's own page, read before either approves: pending.
    calls = [(Idea.objects.get(pk=idea.pk), UserFactory(roles=[Role.MODERATOR])) for _ in range(2)]
    outcomes = at_once(lambda seen, actor: services.idea_approve(idea=seen, actor=actor), calls)
    approved = [o for o in outcomes if isinstance(o, Idea)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(approved), len(refused)) == (1, 1), outcomes
    assert refused[0].messages == ["Diese Idee ist bereits öffentlich."]
    assert ModerationLog.objects.filter(idea=idea, action=ModerationLog.Action.APPROVE).count() == 1
    assert [m.to for m in mail.outbox] == [["autorin@example.org"]]
    assert Idea.objects.get(pk=idea.pk).is_public


@pytest.mark.django_db
def test_approving_a_stale_copy_of_an_idea_approved_meanwhile_is_refused(
    moderator, stadtteile, django_capture_on_commit_callbacks
):
    idea = _pending()
    stale = Idea.objects.get(pk=idea.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.idea_approve(idea=idea, actor=moderator)
    assert callbacks  # the author's mail (and the alerts' look for new events)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        services.idea_approve(idea=stale, actor=moderator)
    assert callbacks == []
    assert len(mail.outbox) == 1
    assert ModerationLog.objects.filter(idea=idea, action=ModerationLog.Action.APPROVE).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve", "reject", "hide"])
def test_bulk_confirmation_leaves_ideas_moderated_or_deleted_meanwhile_alone(client, moderator, stadtteile, action):
    waiting, approved, deleted = _pending(title="Wartet noch"), _pending(title="Schon frei"), _pending()
    client.force_login(moderator)
    ids = [waiting.pk, approved.pk, deleted.pk]
    confirm = client.post(BULK, {"ids": ids, "action": action})
    assert confirm.status_code == 200
    # Meanwhile a colleague approves one idea and its author deletes another.
    services.idea_approve(idea=approved, actor=UserFactory(roles=[Role.MODERATOR]))
    deleted.delete()
    data = {"ids": ids, "action": action, "reason": "Doppelt eingereicht"}
    response = client.post(BULK, {**data, "confirm": "1"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "„Wartet noch“" in page
    assert "„Schon frei“" not in page
    assert Idea.objects.get(pk=approved.pk).visibility == Idea.Visibility.PUBLISHED
    assert Idea.objects.get(pk=waiting.pk).visibility != Idea.Visibility.PENDING
    assert ModerationLog.objects.filter(idea=approved).count() == 1


@pytest.mark.django_db
def test_bulk_confirmation_whose_ideas_all_went_meanwhile_is_a_message(client, moderator, stadtteile):
    idea = _pending()
    client.force_login(moderator)
    services.idea_reject(idea=idea, actor=moderator, reason="Doppelt eingereicht")
    response = client.post(
        BULK, {"ids": [idea.pk, 99999999999999999999], "action": "hide", "reason": "Spam!", "confirm": "1"}, follow=True
    )
    assert response.status_code == 200
    assert "Die gewählten Ideen warten nicht mehr auf Freigabe." in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).visibility == Idea.Visibility.REJECTED


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["abc", "0", "proposals:moderation"])
def test_a_moderation_with_a_junk_next_goes_back_to_the_queue(client, moderator, stadtteile, target):
    idea = _pending()
    client.force_login(moderator)
    response = client.post(reverse("proposals:moderate", args=[idea.pk]), {"action": "approve", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:moderation")


@pytest.mark.django_db
@pytest.mark.parametrize("comment", ["abc", "1.5", "²", "99999999999999999999"])
def test_hiding_a_junk_comment_id_is_404(client, moderator, stadtteile, comment):
    idea = _pending()
    client.force_login(moderator)
    response = client.post(reverse("proposals:moderate", args=[idea.pk]), {"comment": comment, "reason": "Beleidigung"})
    assert response.status_code == 404
