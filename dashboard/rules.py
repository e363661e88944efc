"""Who sees the dashboard: every staff role (moderation, planning, administration).

Exact small counts of survey answers stay with those who may see exact answers (the surveys app's rule
`surveys.view_exact_answers`); everyone else sees them suppressed below surveys.results.MIN_GROUP.
"""

import rules

from accounts.roles import is_staff_member

rules.add_perm("dashboard.view_dashboard", is_staff_member)
