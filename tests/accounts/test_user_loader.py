"""accounts.middleware: the request's user, groups and confirmed-address flag in one statement, and every case
that is not the clear one answered by Django's own get_user."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib import auth
from django.contrib.auth.models import Group
from django.test import RequestFactory

from accounts import middleware
from accounts.models import User
from accounts.roles import ROLE_CACHE, VERIFIED_CACHE, Role, has_verified_email, is_moderator, is_staff_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request(client):
    request = RequestFactory().get("/")
    request.session = client.session
    return request


def _fields(user) -> dict:
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


@pytest.mark.parametrize("backend", sorted(middleware.FAST_BACKENDS))
def test_the_user_is_djangos_user_with_roles_and_address_read_in_one_statement(
    client, backend, django_assert_num_queries
):
    user = UserFactory(roles=[Role.PLANNER])
    client.force_login(user, backend=backend)
    request = _request(client)
    request.session.items()  # read the session first: the statement counted is the user
    with django_assert_num_queries(1):
        loaded = middleware.get_user(request)
        assert is_staff_member(loaded)
        assert has_verified_email(loaded)
        assert not is_moderator(loaded)
    assert type(loaded) is User
    assert _fields(loaded) == _fields(auth.get_user(_request(client)))
    assert loaded.__dict__[ROLE_CACHE] == {Role.PLANNER.value}
    assert loaded._state.db == "default"
    assert not loaded._state.adding


def test_an_unverified_citizen_has_no_confirmed_address():
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email="zweite@example.org", verified=False)
    assert middleware.load_user(user.pk).__dict__[VERIFIED_CACHE] is False
    assert middleware.load_user(user.pk + 1000) is None


def test_a_changed_password_signs_out_as_django_does(client):
    user = UserFactory()
    client.force_login(user)
    user.set_password("ein-ganz-neues-Passwort-2026")
    user.save()
    request = _request(client)
    assert not middleware.get_user(request).is_authenticated
    assert auth.SESSION_KEY not in request.session  # flushed


def test_an_inactive_or_deleted_user_is_anonymous(client):
    user = UserFactory()
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not middleware.get_user(_request(client)).is_authenticated
    User.objects.filter(pk=user.pk).delete()
    assert not middleware.get_user(_request(client)).is_authenticated


def test_a_rotated_secret_key_keeps_the_session_as_django_does(client, settings):
    user = UserFactory()
    client.force_login(user)
    old_hash = client.session[auth.HASH_SESSION_KEY]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "ein-neuer-geheimer-Schlüssel-" + "x" * 40
    request = _request(client)
    assert middleware.get_user(request).pk == user.pk
    assert request.session[auth.HASH_SESSION_KEY] != old_hash  # re-keyed with the new secret


def test_a_session_of_an_unknown_backend_is_anonymous(client, settings):
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    settings.AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
    assert not middleware.get_user(_request(client)).is_authenticated


def test_changes_made_through_another_object_during_the_request_are_seen():
    user = UserFactory(verified=False)
    loaded = middleware.load_user(user.pk)
    assert not is_moderator(loaded)
    assert not has_verified_email(loaded)
    group = Group.objects.get_or_create(name=Role.MODERATOR.value)[0]
    User.objects.get(pk=user.pk).groups.add(group)
    assert is_moderator(loaded)
    group.user_set.remove(user)
    assert not is_moderator(loaded)
    group.user_set.add(user)
    assert is_moderator(loaded)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    assert has_verified_email(loaded)
    EmailAddress.objects.filter(user=user).get().delete()
    assert not has_verified_email(loaded)


def test_a_signed_in_page_uses_the_loader(client):
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.get("/konto/")
    assert type(response.wsgi_request.user._wrapped) is User
    assert VERIFIED_CACHE in response.wsgi_request.user._wrapped.__dict__
