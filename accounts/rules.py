import rules

from accounts.roles import is_staff_member

# The staff start page (/verwaltung/) and its link in the header.
rules.add_perm("accounts.view_staff_start", is_staff_member)
