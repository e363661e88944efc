"""Giving feedback: the rules of the service (phase, open feature, distance, text), moderation and counts."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError

from feedback import services
from feedback.models import FeatureFeedbackStats, Feedback, FeedbackFollow, FeedbackLog
from layers.models import Project
from tests.factories import FeatureFactory


def give(user, feature, **kwargs):
    return services.feedback_create(
        author=user, feature=feature, opinion=kwargs.pop("opinion", "dagegen"),
        text=kwargs.pop("text", "Hier ist der Radweg zu schmal."), **kwargs,
    )  # fmt: skip


def stats(feature):
    return FeatureFeedbackStats.objects.filter(feature=feature).values("total", "dafuer", "neutral", "dagegen").first()


def test_feedback_with_a_point_near_the_lane_is_published_counted_and_located(citizen, lane, stadtteile):
    feedback = give(citizen, lane, point=Point(7.7675, 49.4439, srid=4326))  # about 10 m off the lane
    assert feedback.is_public
    assert feedback.point_given
    assert feedback.stadtteil.name == "Innenstadt-Südwest"  # a spatial join on the real districts
    assert stats(lane) == {"total": 1, "dafuer": 0, "neutral": 0, "dagegen": 1}
    assert FeedbackFollow.objects.filter(project=lane.layer.project, user=citizen).exists()


def test_feedback_without_a_point_is_located_on_the_feature(citizen, lane):
    feedback = give(citizen, lane)
    assert not feedback.point_given
    assert lane.geom.distance(feedback.location) < 1e-9
    assert feedback.stadtteil is not None


def test_point_far_from_the_feature_is_refused_in_metres(citizen, lane):
    with pytest.raises(ValidationError) as error:
        give(citizen, lane, point=Point(7.7675, 49.4460, srid=4326))  # about 220 m north
    assert "m vom Objekt entfernt" in error.value.message_dict["lon"][0]
    assert not Feedback.objects.exists()


def test_point_outside_the_city_is_refused(citizen, lane):
    lane.geom = Point(7.55, 49.44, srid=4326)  # Landkreis, west of the city
    lane.save()
    with pytest.raises(ValidationError) as error:
        give(citizen, lane, point=Point(7.5501, 49.44, srid=4326))
    assert "außerhalb von Kaiserslautern" in error.value.message_dict["lon"][0]


def test_text_too_long_and_too_short(citizen, lane):
    with pytest.raises(ValidationError) as error:
        give(citizen, lane, text="x" * 2001)
    assert "höchstens 2000" in error.value.message_dict["text"][0]
    with pytest.raises(ValidationError):
        give(citizen, lane, text="ok")


def test_feature_not_open_for_feedback(citizen, layer):
    closed = FeatureFactory(layer__project=layer.project, layer__feedback_open=False)
    with pytest.raises(ValidationError) as error:
        give(citizen, closed)
    assert "feature" in error.value.message_dict


def test_unverified_account_may_not_give_feedback(unverified, lane):
    with pytest.raises(PermissionDenied):
        give(unverified, lane)


def test_pre_moderation_keeps_it_pending_until_approved(citizen, moderator, lane):
    Project.objects.filter(pk=lane.layer.project_id).update(moderation=Project.Moderation.PRE)
    feedback = give(citizen, lane, opinion="dafuer")
    assert feedback.visibility == Feedback.Visibility.PENDING
    assert stats(lane) is None
    services.feedback_approve(feedback=feedback, actor=moderator)
    assert stats(lane)["dafuer"] == 1
    services.feedback_hide(feedback=feedback, actor=moderator, reason="Beleidigung entfernt")
    assert stats(lane)["total"] == 0
    assert list(FeedbackLog.objects.values_list("action", flat=True)) == ["hide", "approve"]


def test_planner_may_not_moderate_and_moderator_may_not_weigh(citizen, moderator, planner, lane):
    feedback = give(citizen, lane)
    with pytest.raises(PermissionDenied):
        services.feedback_hide(feedback=feedback, actor=planner, reason="kein Grund hier")
    with pytest.raises(PermissionDenied):
        services.feedback_decide(feedback=feedback, actor=moderator, decision="zur_kenntnis", reason="x" * 20)


def test_report_goes_to_the_moderation(citizen, lane):
    other = give(citizen, lane)
    report = services.report_create(reporter=citizen, feedback=other, reason="Das ist Werbung.")
    assert report.resolved_at is None


def test_account_deletion_keeps_the_entry_and_drops_the_follow(citizen, lane):
    from accounts.services import account_delete
    from feedback.selectors import personal_data

    give(citizen, lane)
    assert personal_data(citizen)["follows"]
    account_delete(user=citizen)
    assert Feedback.objects.get().author.public_name == "anonym"
    assert not FeedbackFollow.objects.filter(user=citizen).exists()
