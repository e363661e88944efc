import pytest
from django.contrib.auth.models import AnonymousUser

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
