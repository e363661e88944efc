"""Who may do what with ideas, as named rules (tested for every role in tests/proposals/test_rules.py)."""

import rules

from accounts.roles import is_city_admin, is_moderator, is_planner, is_verified_participant

is_citizen = is_verified_participant


@rules.predicate
def is_public_idea(user, idea) -> bool:
    return idea is not None and idea.is_public


@rules.predicate
def is_idea_author(user, idea) -> bool:
    return idea is not None and user.is_authenticated and idea.author_id == user.pk


can_moderate = is_moderator | is_city_admin

rules.add_perm("proposals.view_idea", is_public_idea | is_idea_author | can_moderate | is_planner)
rules.add_perm("proposals.add_idea", is_citizen)
rules.add_perm("proposals.support_idea", is_citizen)
rules.add_perm("proposals.comment_idea", is_citizen)
rules.add_perm("proposals.report", is_citizen)
rules.add_perm("proposals.follow_idea", is_citizen)
rules.add_perm("proposals.moderate_idea", can_moderate)
# Official answers come from the planners; moderators pass them on, admins may do everything.
rules.add_perm("proposals.answer_idea", is_planner | can_moderate)
rules.add_perm("proposals.view_moderation", is_planner | can_moderate)
rules.add_perm("proposals.manage_categories", is_city_admin)
# The Django admin asks for the model permissions: administrators edit the categories there (with is_staff).
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"proposals.{action}_category", is_city_admin)
