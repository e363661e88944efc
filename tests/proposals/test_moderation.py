import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from proposals import services
from proposals.models import ClusterCell, Idea, ModerationLog, StatusChange
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def cell_total() -> int:
    return sum(ClusterCell.objects.filter(zoom=12).values_list("count", flat=True))


def test_approve_publishes_logs_counts_and_emails_the_author(moderator, django_capture_on_commit_callbacks):
    idea = IdeaFactory(visibility=Idea.Visibility.PENDING, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_approve(idea=idea, actor=moderator)
    idea.refresh_from_db()
    assert idea.is_public
    assert idea.published_at
    assert cell_total() == 1
    log = ModerationLog.objects.get()
    assert (log.actor, log.action, log.idea) == (moderator, ModerationLog.Action.APPROVE, idea)
    assert [m.to for m in mail.outbox] == [[idea.author.email]]
    assert idea.title in mail.outbox[0].subject


def test_reject_needs_a_reason_and_hiding_removes_from_the_clusters(moderator):
    idea = IdeaFactory(visibility=Idea.Visibility.PENDING, published_at=None)
    with pytest.raises(ValidationError) as error:
        services.idea_reject(idea=idea, actor=moderator, reason="")
    assert "reason" in error.value.message_dict
    services.idea_approve(idea=idea, actor=moderator)
    services.idea_hide(idea=idea, actor=moderator, reason="Werbung für ein Geschäft")
    idea.refresh_from_db()
    assert idea.visibility == Idea.Visibility.HIDDEN
    assert idea.moderation_reason == "Werbung für ein Geschäft"
    assert cell_total() == 0
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["hide", "approve"]


def test_citizens_and_planners_cannot_moderate(citizen, planner):
    idea = IdeaFactory(visibility=Idea.Visibility.PENDING)
    for user in (citizen, planner):
        with pytest.raises(PermissionDenied):
            services.idea_approve(idea=idea, actor=user)
    assert not ModerationLog.objects.exists()


def test_status_with_official_answer_keeps_history_and_emails_followers(planner, django_capture_on_commit_callbacks):
    idea = IdeaFactory()
    follower = UserFactory()
    services.follow_set(idea=idea, user=follower, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.REVIEW, answer="Wir prüfen das.")
        services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.ACCEPTED)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.ACCEPTED
    assert idea.official_answer == "Wir prüfen das."
    assert idea.answered_at
    assert list(StatusChange.objects.values_list("status", flat=True)) == ["in_pruefung", "angenommen"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([idea.author.email, follower.email] * 2)
    with pytest.raises(ValidationError):
        services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.idea_set_status(idea=idea, actor=UserFactory(), status=Idea.Status.DONE)


def test_hide_comment_and_resolve_report_are_logged(moderator, citizen):
    idea = IdeaFactory()
    comment = services.comment_create(idea=idea, author=citizen, text="Blöde Idee, ihr Idioten")
    report = services.report_create(reporter=UserFactory(), idea=idea, comment=comment, reason="Beleidigung")
    services.comment_hide(comment=comment, actor=moderator, reason="Beleidigung")
    services.report_resolve(report=report, actor=moderator)
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.is_hidden
    assert report.resolved_by == moderator
    assert set(ModerationLog.objects.values_list("action", flat=True)) == {"hide_comment", "resolve_report"}
