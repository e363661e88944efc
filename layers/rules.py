"""Who may do what with projects and layers: planners and admins edit; moderators and citizens read."""

import rules

from accounts.roles import is_city_admin, is_planner

can_edit_projects = is_planner | is_city_admin

rules.add_perm("layers.view_project", rules.always_allow)
rules.add_perm("layers.add_project", can_edit_projects)
rules.add_perm("layers.change_project", can_edit_projects)
rules.add_perm("layers.delete_project", can_edit_projects)
rules.add_perm("layers.manage_layers", can_edit_projects)
rules.add_perm("layers.import_layer", can_edit_projects)
