"""Who may do what with feedback on plan features, as named rules (tested per role and phase in
tests/feedback/test_rules.py). Objects: a layers.Feature for giving feedback, a Feedback otherwise."""

import rules
from django.utils import timezone

from accounts.roles import is_city_admin, is_moderator, is_planner, is_verified_participant
from edge.permissions import grant, is_author, is_public
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


can_moderate = is_moderator | is_city_admin
can_weigh = is_planner | is_city_admin

# Without an object: the role part only (is the user allowed to take part at all?).
grant("feedback", is_verified_participant, "take_part")
grant("feedback", is_verified_participant & is_feature_open & is_participation_phase, "add_feedback")
grant("feedback", is_public | is_author | can_moderate | is_planner, "view_feedback")
grant("feedback", is_verified_participant & is_public, "report_feedback")
grant("feedback", can_moderate, "moderate_feedback")
grant("feedback", can_weigh, "weigh_feedback", "release_decisions")
# The review page, the Abwägungstabelle and the unpublished datasets.
grant("feedback", can_weigh | can_moderate, "view_review")
