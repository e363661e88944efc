"""Who may do what with projects and layers: planners and admins edit; moderators and citizens read."""

import rules

from accounts.roles import is_city_admin, is_planner
from edge.permissions import grant

can_edit = is_planner | is_city_admin

grant("layers", rules.always_allow, "view_project")
grant("layers", can_edit, "add_project", "change_project", "delete_project", "manage_layers", "import_layer")
