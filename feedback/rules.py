"""Who may do what with feedback on plan features, as named rules (tested per role and phase in
tests/feedback/test_rules.py). Objects: a layers.Feature for giving feedback, a Feedback otherwise."""

import rules
from django.utils import timezone

from accounts.roles import is_city_admin, is_moderator, is_planner, is_verified_participant
from layers.models import Phase


@rules.predicate
def is_feature_open(user, feature) -> bool:
    return feature is not None and feature.layer.feedback_open


@rules.predicate
def is_participation_phase(user, feature) -> bool:
    if feature is None:
        return False
    phase = feature.layer.project.current_phase(timezone.localdate())
    return phase is not None and phase.kind == Phase.Kind.BETEILIGUNG


@rules.predicate
def is_public_feedback(user, feedback) -> bool:
    return feedback is not None and feedback.is_public


@rules.predicate
def is_feedback_author(user, feedback) -> bool:
    return feedback is not None and user.is_authenticated and feedback.author_id == user.pk


can_moderate = is_moderator | is_city_admin
can_weigh = is_planner | is_city_admin

# Without an object: the role part only (is the user allowed to take part at all?).
rules.add_perm("feedback.take_part", is_verified_participant)
rules.add_perm("feedback.add_feedback", is_verified_participant & is_feature_open & is_participation_phase)
rules.add_perm("feedback.view_feedback", is_public_feedback | is_feedback_author | can_moderate | is_planner)
rules.add_perm("feedback.report_feedback", is_verified_participant & is_public_feedback)
rules.add_perm("feedback.moderate_feedback", can_moderate)
rules.add_perm("feedback.weigh_feedback", can_weigh)
rules.add_perm("feedback.release_decisions", can_weigh)
# The review page, the Abwägungstabelle and the unpublished datasets.
rules.add_perm("feedback.view_review", can_weigh | can_moderate)
