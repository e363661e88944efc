"""Who may do what with alerts, as named rules."""

import rules

from accounts.roles import is_city_admin, is_moderator, is_planner, is_verified_participant


@rules.predicate
def is_subscription_owner(user, subscription) -> bool:
    return subscription is not None and user.is_authenticated and subscription.user_id == user.pk


# An account's subscriptions are confirmed by its verified address; without one the e-mail route remains.
rules.add_perm("alerts.subscribe_with_account", is_verified_participant)
rules.add_perm("alerts.change_subscription", is_subscription_owner)
# Follower counts per Stadtteil: exact for the staff who plan and moderate.
rules.add_perm("alerts.view_followers", is_planner | is_moderator | is_city_admin)
