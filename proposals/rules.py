"""Who may do what with ideas, as named rules (tested for every role in tests/proposals/test_rules.py)."""

from accounts.roles import is_city_admin, is_moderator, is_planner, is_verified_participant
from edge.permissions import grant, grant_admin, is_author, is_public

can_moderate = is_moderator | is_city_admin

grant("proposals", is_public | is_author | can_moderate | is_planner, "view_idea")
grant("proposals", is_verified_participant, "add_idea", "support_idea", "comment_idea", "report", "follow_idea")
grant("proposals", can_moderate, "moderate_idea")
# Official answers come from the planners; moderators pass them on, admins may do everything.
grant("proposals", is_planner | can_moderate, "answer_idea", "view_moderation")
grant("proposals", is_city_admin, "manage_categories")
# The Django admin asks for the model permissions: administrators edit the categories there (with is_staff).
grant_admin("proposals", is_city_admin, "category")
