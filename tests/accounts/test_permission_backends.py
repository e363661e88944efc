"""Model permissions are for staff (the admin); citizens' rights come from the rules, with no permission query."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_is_answered_by_the_rules_without_a_permission_query(django_assert_num_queries):
    citizen = UserFactory()
    idea = IdeaFactory()
    citizen.groups.all()
    with django_assert_num_queries(1):  # the groups of the roles, nothing from auth_permission
        assert citizen.has_perm("proposals.view_idea", idea)
        assert not citizen.has_perm("proposals.moderate_idea", idea)
        assert not citizen.has_perm("accounts.view_staff_start")
        assert not citizen.has_perm("proposals.change_idea")


def test_model_permissions_still_count_for_staff_and_never_for_citizens():
    change = Permission.objects.get(codename="change_idea", content_type__app_label="proposals")
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(change)
    assert staff.has_perm("proposals.change_idea")
    citizen = UserFactory()
    citizen.user_permissions.add(change)
    assert not citizen.has_perm("proposals.change_idea")  # the admin is closed to them anyway
    assert UserFactory(is_superuser=True, is_staff=True).has_perm("proposals.change_idea")
    assert not AnonymousUser().has_perm("proposals.change_idea")
