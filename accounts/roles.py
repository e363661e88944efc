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


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role.name.lower()}")
    def predicate(user) -> bool:
        if not user.is_authenticated or not user.is_active:
            return False
        return user.is_superuser or user.groups.filter(name=role.value).exists()

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
