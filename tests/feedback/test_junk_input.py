"""Junk ids and parameters (forged links, typos, scanners) are 400/404 or ignored, never 500; a photo is not
left stored when its entry cannot be written."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError

from feedback import services
from feedback.models import Feedback, FeedbackLog
from layers.models import Layer
from tests.uploads import png_upload, refused_by_the_database, stored_files

JUNK_IDS = ["abc", "1.5", "²", "٣", "-1", "1e5", "99999999999999999999", "9223372036854775808"]


def _stored() -> set[str]:
    return stored_files(Feedback, "photo", "rueckmeldungen")


@pytest.mark.parametrize("value", JUNK_IDS)
def test_public_list_ignores_a_junk_layer_filter(client, lane, value):
    response = client.get(f"/vorhaben/{lane.layer.project.slug}/rueckmeldungen/", {"ebene": value})
    assert response.status_code == 200
    assert response.context["layer_id"] is None


@pytest.mark.parametrize("value", [*JUNK_IDS, ""])
def test_opening_a_junk_layer_for_feedback_is_404(client, lane, city_admin, value):
    client.force_login(city_admin)
    response = client.post(f"/vorhaben/{lane.layer.project.slug}/abwaegung/ebenen/", {"layer": value, "open": "0"})
    assert response.status_code == 404
    assert Layer.objects.get(pk=lane.layer_id).feedback_open


@pytest.mark.parametrize("param", ["layer", "feature", "stadtteil"])
@pytest.mark.parametrize("value", [v for v in JUNK_IDS if v != "٣"])  # int("٣") is 3: a fine filter
def test_review_filters_with_junk_ids_are_a_400_form(client, lane, planner, param, value):
    client.force_login(planner)
    response = client.get(f"/vorhaben/{lane.layer.project.slug}/abwaegung/", {param: value})
    assert response.status_code == 400
    assert response.context["form"].errors[param]


@pytest.mark.parametrize("target", ["abc", "0", "99999999999999999999", "feedback:review", "//evil.example/x"])
def test_a_review_action_with_a_junk_next_goes_back_to_the_review(client, lane, moderator, target):
    client.force_login(moderator)
    entry = services.feedback_create(author=moderator, feature=lane, opinion="dafuer", text="Zu eng für Räder.")
    response = client.post(
        f"/vorhaben/{lane.layer.project.slug}/abwaegung/{entry.pk}/", {"action": "hide", "reason": "x", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/vorhaben/{lane.layer.project.slug}/abwaegung/"


def test_no_photo_file_is_left_when_the_entry_cannot_be_written(lane, citizen, monkeypatch):
    before = _stored()
    # The INSERT fails after the photo was processed (the text rule now strips what PostgreSQL used to refuse).
    with monkeypatch.context() as patched:
        patched.setattr(Feedback, "save", refused_by_the_database)
        with pytest.raises(DataError):
            services.feedback_create(
                author=citizen, feature=lane, opinion="dafuer", text="Zu eng für Räder.", photo=png_upload()
            )
    assert not Feedback.objects.exists()
    assert _stored() == before
    entry = services.feedback_create(
        author=citizen, feature=lane, opinion="dafuer", text="Zu eng.", photo=png_upload("engstelle.png")
    )
    assert _stored() == before | {entry.photo.name.removeprefix("rueckmeldungen/")}
    entry.photo.delete(save=False)


def test_approving_a_stale_copy_of_an_entry_approved_meanwhile_is_refused(lane, moderator, citizen):
    """Two moderators (or a double click): approved and logged once."""
    lane.layer.project.moderation = "pre"
    lane.layer.project.save()
    entry = services.feedback_create(author=citizen, feature=lane, opinion="dafuer", text="Zu eng für Räder.")
    stale = Feedback.objects.get(pk=entry.pk)
    services.feedback_approve(feedback=entry, actor=moderator)
    with pytest.raises(ValidationError):
        services.feedback_approve(feedback=stale, actor=moderator)
    assert FeedbackLog.objects.filter(feedback=entry, action=FeedbackLog.Action.APPROVE).count() == 1
