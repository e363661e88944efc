"""Who sees the overview: staff of every role, as the dashboard. Texts of personal sources (statements,
free-text survey answers) additionally need the owning app's rule (overview.sources.Source.perm)."""

import rules

from accounts.roles import is_city_admin, is_planner, is_staff_member

rules.add_perm("overview.view_overview", is_staff_member)
# Starting a run, naming and merging topics: the planners' and administrators' work.
rules.add_perm("overview.edit_overview", is_planner | is_city_admin)
