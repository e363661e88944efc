import rules

from accounts.roles import is_city_admin, is_moderator

# The legal pages (Impressum, Datenschutz, …): Verwaltung edits them in the admin.
rules.add_perm("pages.view_legalpage", is_city_admin)
rules.add_perm("pages.change_legalpage", is_city_admin)
# Contact and accessibility feedback: read and answered by Verwaltung and Moderation.
rules.add_perm("pages.view_contactmessage", is_city_admin | is_moderator)
rules.add_perm("pages.change_contactmessage", is_city_admin | is_moderator)
# The start page's DGS video: uploaded and replaced by Verwaltung.
rules.add_perm("pages.change_signlanguagevideo", is_city_admin)
