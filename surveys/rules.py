"""Who may do what with surveys (named rules, see docs/surveys.md for the table).

Planners and administrators build surveys and see exact answers (points, free texts, unsuppressed counts,
CSV). Moderators see the aggregated results at any time and the free texts (to spot abuse), but no exact
map answers. The public sees aggregated results only when the survey allows it and after it has closed.
"""

import rules

from accounts.roles import is_city_admin, is_moderator, is_planner, is_staff_member, is_verified_participant
from edge.permissions import grant, grant_admin


@rules.predicate
def survey_is_published(user, survey) -> bool:
    return survey is not None and survey.is_published()


@rules.predicate
def survey_is_open(user, survey) -> bool:
    return survey is not None and survey.is_open()


@rules.predicate
def survey_admits_anonymous(user, survey) -> bool:
    return survey is not None and survey.access == survey.Access.ANONYMOUS


@rules.predicate
def survey_results_released(user, survey) -> bool:
    return survey is not None and survey.results_released()


can_build = is_planner | is_city_admin

rules.add_perm("surveys.read_survey", survey_is_published | is_staff_member)
rules.add_perm(
    "surveys.answer_survey",
    survey_is_open & ((rules.is_authenticated & is_verified_participant) | survey_admits_anonymous),
)
rules.add_perm("surveys.view_results", survey_results_released | is_staff_member)
rules.add_perm("surveys.view_free_texts", is_moderator | can_build)
rules.add_perm("surveys.view_exact_answers", can_build)

# The admin's model permissions: building surveys is for planners and administrators.
grant_admin("surveys", can_build, "survey", "question", "choice")
grant("surveys", can_build, "view_response")
grant("surveys", is_city_admin, "delete_response")
