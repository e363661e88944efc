"""Staff roles as named rules (the `rules` package): one group per role, superusers have every role.

Apps build their permissions from these predicates in their own rules.py, e.g.
`rules.add_perm("proposals.moderate_idea", is_moderator | is_city_admin)`.
"""

import rules
from allauth.account.models import EmailAddress
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MODERATOR = "Moderation", _("Moderation")
    PLANNER = "Stadtplanung", _("Stadtplanung")
    ADMIN = "Verwaltung", _("Verwaltung (Administration)")


ROLE_CACHE = "_role_names"


def role_names(user) -> frozenset[str]:
    """The names of the user's groups, read once per user object (one query per request, not one per rule:
    a page asks up to ten role predicates). Changing the groups of that object clears it (signal below)."""
    names = getattr(user, ROLE_CACHE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, ROLE_CACHE, names)
    return names


def forget_roles(sender, instance, action: str, reverse: bool, **_kwargs) -> None:
    """m2m_changed on User.groups: the cached names of the changed user object no longer hold."""
    if action.startswith("post_") and not reverse:
        instance.__dict__.pop(ROLE_CACHE, None)


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role.name.lower()}")
    def predicate(user) -> bool:
        if not user.is_authenticated or not user.is_active:
            return False
        return user.is_superuser or role.value in role_names(user)

    return predicate


is_moderator = _has_role(Role.MODERATOR)
is_planner = _has_role(Role.PLANNER)
is_city_admin = _has_role(Role.ADMIN)
is_staff_member = is_moderator | is_planner | is_city_admin


@rules.predicate
def has_verified_email(user) -> bool:
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


# Every write of a participant needs a confirmed e-mail address; staff accounts are made by administrators.
is_verified_participant = rules.is_active & (has_verified_email | is_staff_member)
