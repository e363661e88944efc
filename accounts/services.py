"""Writes of accounts: the profile and deleting an account."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.export import erasers
from accounts.models import ApiToken, User
from geo.models import Stadtteil


def terms_accept(*, user: User) -> User:
    user.terms_accepted_at = timezone.now()
    user.save(update_fields=["terms_accepted_at"])
    return user


@transaction.atomic
def profile_update(*, user: User, display_name: str, home_stadtteil: Stadtteil | None) -> User:
    user.display_name = display_name.strip()
    user.home_stadtteil = home_stadtteil
    user.save(update_fields=["display_name", "home_stadtteil"])
    return user


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the person, keep the discussion: the row stays as an anonymous, unusable account.

    Ideas and comments keep pointing at it and show "anonym"; every personal field is emptied, the
    e-mail addresses go, so nothing leads back to the person. Each app erases its own part first
    (accounts.export: e.g. survey responses are deleted). An inactive account can't be loaded from a
    session (ModelBackend.user_can_authenticate), so it is logged out everywhere.
    """
    for erase in erasers().values():
        erase(user)
    EmailAddress.objects.filter(user=user).delete()
    # The row stays (anonymised), so nothing cascades: a token would otherwise still open the account.
    ApiToken.objects.filter(user=user).delete()
    user.username = f"geloescht-{user.pk}"
    user.email = ""
    user.first_name = user.last_name = user.display_name = ""
    user.home_stadtteil = None
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
