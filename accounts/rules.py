import rules

from accounts.roles import is_staff_member

# GIS clients (exports, OGC API, WFS): staff-only datasets such as exact survey map answers.
rules.add_perm("geo.view_staff_datasets", is_staff_member)
# The staff start page (/verwaltung/) and its link in the header.
rules.add_perm("accounts.view_staff_start", is_staff_member)
