"""The Abwägung: deciding with a reason, releasing per project, publication and notification of followers."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from feedback import selectors, services
from feedback.models import Feedback, FeedbackFollow
from tests.factories import UserFactory
from tests.feedback.factories import feedback_on


def test_a_decision_is_public_only_after_the_release(citizen, planner, lane, django_capture_on_commit_callbacks):
    first, second = feedback_on(lane, "+-", author=citizen)
    services.feedback_decide(
        feedback=first, actor=planner, decision="teilweise", reason="Die Breite wird auf 2,25 m erhöht."
    )
    public = selectors.public_feedback(project=lane.layer.project).get(pk=first.pk)
    assert public.public_decision == ""
    assert public.public_reason == ""
    assert selectors.review_progress(project=lane.layer.project).weighed == 1

    follower = UserFactory(email="folgt@example.org")
    FeedbackFollow.objects.create(project=lane.layer.project, user=follower)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.decisions_release(project=lane.layer.project, actor=planner) == 1
    public = selectors.public_feedback(project=lane.layer.project).get(pk=first.pk)
    assert (public.public_decision, public.public_reason) == ("teilweise", "Die Breite wird auf 2,25 m erhöht.")
    assert Feedback.objects.get(pk=second.pk).public_decision == ""
    assert sorted(m.to[0] for m in mail.outbox) == sorted([citizen.email, "folgt@example.org"])
    assert "/vorhaben/radnetz-test/rueckmeldungen/" in mail.outbox[0].body


def test_a_changed_decision_waits_for_the_next_release(planner, lane, django_capture_on_commit_callbacks):
    (entry,) = feedback_on(lane, "-")
    services.feedback_decide(
        feedback=entry, actor=planner, decision="nicht_beruecksichtigt", reason="Kein Platz vorhanden."
    )
    services.decisions_release(project=lane.layer.project, actor=planner)
    services.feedback_decide(feedback=entry, actor=planner, decision="beruecksichtigt",
                             reason="Nach Ortstermin doch möglich.")  # fmt: skip
    entry.refresh_from_db()
    assert entry.public_decision == "nicht_beruecksichtigt"
    assert entry.has_unreleased_decision
    assert selectors.review_progress(project=lane.layer.project).unreleased == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_release(project=lane.layer.project, actor=planner)
    entry.refresh_from_db()
    assert entry.public_decision == "beruecksichtigt"
    assert not entry.has_unreleased_decision


def test_nothing_to_release_is_an_error_not_an_email(planner, lane, django_capture_on_commit_callbacks):
    feedback_on(lane, "0")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.decisions_release(project=lane.layer.project, actor=planner)
    assert mail.outbox == []


def test_a_decision_needs_a_reason_and_a_known_value(planner, lane):
    (entry,) = feedback_on(lane, "+")
    with pytest.raises(ValidationError) as error:
        services.feedback_decide(feedback=entry, actor=planner, decision="beruecksichtigt", reason="ok")
    assert "decision_reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.feedback_decide(feedback=entry, actor=planner, decision="vielleicht", reason="Lange genug begründet.")
    assert Feedback.objects.get(pk=entry.pk).decision == ""


def test_small_groups_show_no_opinion_shares(lane):
    feedback_on(lane, "++-0")
    assert selectors.feature_opinions(feature=lane).shares is None
    assert selectors.feature_opinions(feature=lane).total == 4
    feedback_on(lane, "++++")
    opinions = selectors.feature_opinions(feature=lane)
    assert 6 <= opinions.cells["dafuer"].count <= 8
    assert 0.5 < opinions.shares["dafuer"] <= 1
    assert opinions.shares["neutral"] is None  # one person: suppressed, no share either
    assert opinions.counts["dagegen"] is None
