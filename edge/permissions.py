"""Permission checks by named rule (the `rules` package), the same for services, views and APIs.

A page or API names the owning app's rule ("surveys.change_survey"), never a staff flag. A refusal is
PermissionDenied: the 403 page for views, DRF's 403 body for APIs.
"""

from functools import wraps

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

# Why a signed-in person may not yet write: every write that reaches others needs a confirmed e-mail address.
VERIFY_FIRST = _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse.")


def grant(app: str, predicate, *names: str) -> None:
    """Adds the rules `app.name` for every name, all decided by one predicate."""
    for name in names:
        rules.add_perm(f"{app}.{name}", predicate)


def grant_admin(app: str, predicate, *models: str) -> None:
    """The Django admin's model permissions (view, add, change, delete) for `models`, decided by `predicate`."""
    grant(app, predicate, *(f"{action}_{model}" for model in models for action in ("view", "add", "change", "delete")))


@rules.predicate
def is_public(user, contribution) -> bool:
    """A moderated contribution (edge.moderation.Moderated) that everybody may see."""
    return contribution is not None and contribution.is_public


@rules.predicate
def is_author(user, contribution) -> bool:
    return contribution is not None and user.is_authenticated and contribution.author_id == user.pk


def require(user, perm: str, obj=None) -> None:
    """Raises PermissionDenied unless `user` has `perm` (on `obj`, for object rules); no user has none."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied


def permission_required(perm: str):
    """View decorator: 403 unless the user has `perm` (signed out included: the rule decides, not a login)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def api_permission(perm: str) -> type[permissions.BasePermission]:
    """A DRF permission class for `permission_classes` that asks the rule `perm`."""

    class HasRule(permissions.BasePermission):
        def has_permission(self, request, view) -> bool:
            return request.user.has_perm(perm)

    HasRule.__name__ = f"HasRule[{perm}]"
    return HasRule
