"""Staff roles as named rules (the `rules` package): one group per role, superusers have every role.

Apps build their permissions from these predicates in their own rules.py, e.g.
`rules.add_perm("proposals.moderate_idea", is_moderator | is_city_admin)`.
"""

import weakref

import rules
from allauth.account.models import EmailAddress
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MODERATOR = "Moderation", _("Moderation")
    PLANNER = "Stadtplanung", _("Stadtplanung")
    ADMIN = "Verwaltung", _("Verwaltung (Administration)")


ROLE_CACHE = "_role_names"
VERIFIED_CACHE = "_has_verified_email"
# User objects whose facts were read with the user row (accounts.middleware.load_user): a write of their groups
# or addresses made through another object of the same account forgets them too (a sync worker holds one).
loaded_users: "weakref.WeakSet" = weakref.WeakSet()


def role_names(user) -> frozenset[str]:
    """The names of the user's groups, read once per user object (one query per request, not one per rule:
    a page asks up to ten role predicates). Changing the groups of that object clears it (signal below)."""
    names = getattr(user, ROLE_CACHE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, ROLE_CACHE, names)
    return names


def forget_roles(sender, instance, action: str, reverse: bool, pk_set=None, **_kwargs) -> None:
    """m2m_changed on User.groups: the cached names of the changed user object no longer hold."""
    if not action.startswith("post_"):
        return
    if not reverse:
        instance.__dict__.pop(ROLE_CACHE, None)
        _forget(ROLE_CACHE, {instance.pk})
    else:  # group.user_set changed: pk_set names the users (None when cleared: forget them all)
        _forget(ROLE_CACHE, pk_set)


def forget_verified(sender, instance, **_kwargs) -> None:
    """post_save/post_delete of an EmailAddress: whether its user has a confirmed one is to be read again."""
    _forget(VERIFIED_CACHE, {instance.user_id})


def _forget(attribute: str, pks) -> None:
    for user in list(loaded_users):
        if pks is None or user.pk in pks:
            user.__dict__.pop(attribute, None)


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
    """The request's user comes with the answer, read with the user row (accounts.middleware); any other user
    object is asked every time."""
    if not user.is_authenticated:
        return False
    verified = getattr(user, VERIFIED_CACHE, None)
    if verified is None:
        return EmailAddress.objects.filter(user=user, verified=True).exists()
    return verified


# Every write of a participant needs a confirmed e-mail address; staff accounts are made by administrators.
is_verified_participant = rules.is_active & (has_verified_email | is_staff_member)
