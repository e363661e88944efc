import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.roles import Role, is_city_admin, is_moderator, is_planner, is_staff_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PREDICATES = {Role.MODERATOR: is_moderator, Role.PLANNER: is_planner, Role.ADMIN: is_city_admin}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_grants_itself_and_nothing_else(role):
    user = UserFactory(roles=[role])
    for other, predicate in PREDICATES.items():
        assert predicate(user) is (other == role)
    assert is_staff_member(user)


def test_citizens_anonymous_and_inactive_users_have_no_role():
    citizen = UserFactory()
    inactive = UserFactory(roles=list(Role), is_active=False)
    for user in (citizen, inactive, AnonymousUser()):
        assert not is_staff_member(user)


def test_superusers_have_every_role():
    admin = UserFactory(is_superuser=True)
    assert all(predicate(admin) for predicate in PREDICATES.values())


def test_public_name_is_anonym_without_a_display_name():
    assert UserFactory(display_name="").public_name == "anonym"
    assert UserFactory(display_name="Lena").public_name == "Lena"


def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    user = UserFactory(roles=[Role.PLANNER])
    with django_assert_num_queries(1):  # one query for the group names, whatever the number of rules asked
        assert [is_moderator(user), is_planner(user), is_city_admin(user), is_staff_member(user)] == [
            False,
            True,
            False,
            True,
        ]


def test_changing_the_groups_of_the_same_object_is_seen():
    user = UserFactory()
    assert not is_moderator(user)
    user.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])
    assert is_moderator(user)
    user.groups.clear()
    assert not is_moderator(user)
