"""The signed-in user of a request in one statement: the user row, the names of their groups and whether they
have a confirmed e-mail address.

Django loads the user with the ORM (ModelBackend.get_user), and the rules then ask for the groups
(accounts.roles.role_names) and the confirmed address (has_verified_email) in two more ORM queries; building
those three queries cost more CPU than the rest of a support. Here they are one raw statement, and the two
facts are kept on the user object as role_names keeps the groups: for the request (docs/performance.md,
"Signed in").

Only the clear case takes this path: a session bound to ModelBackend or allauth's backend (both load the user by
key and accept an active one) whose hash matches the user's current one. Everything else — no session, another
backend, an inactive or vanished user, a hash that does not match (a changed password, a rotated secret key) —
goes to django.contrib.auth.get_user, unchanged, which flushes the session or re-keys it as it always did.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from accounts.roles import ROLE_CACHE, VERIFIED_CACHE, loaded_users

# Both load the user with `User._default_manager.get(pk=...)` and accept it if `is_active` (user_can_authenticate).
FAST_BACKENDS = frozenset(
    {"django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"}
)
_FIELDS = [field.attname for field in User._meta.concrete_fields]
_MEMBERS = User.groups.through._meta


def _user_sql() -> str:
    columns = ", ".join(f'u."{field.column}"' for field in User._meta.concrete_fields)
    return f"""
SELECT {columns},
    ARRAY(SELECT g.name FROM "{Group._meta.db_table}" g JOIN "{_MEMBERS.db_table}" m ON m.group_id = g.id
          WHERE m.user_id = u.id),
    EXISTS (SELECT FROM "{EmailAddress._meta.db_table}" e WHERE e.user_id = u.id AND e.verified)
FROM "{User._meta.db_table}" u WHERE u.id = %s
"""  # noqa: S608 (names from the models)


_USER_SQL = _user_sql()


def load_user(pk) -> User | None:
    """The user with their group names and confirmed-address flag already read, or None."""
    connection = connections[router.db_for_read(User)]
    with connection.cursor() as cursor:
        cursor.execute(_USER_SQL, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    user = User.from_db(connection.alias, _FIELDS, row[: len(_FIELDS)])
    user.__dict__[ROLE_CACHE] = frozenset(row[-2])
    user.__dict__[VERIFIED_CACHE] = row[-1]
    loaded_users.add(user)  # a change of their groups or addresses during the request reaches them
    return user


def get_user(request):
    """django.contrib.auth.get_user for the clear case in one statement; any other case is Django's own."""
    session = request.session
    try:
        pk = User._meta.pk.to_python(session[auth.SESSION_KEY])
        backend = session[auth.BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return auth.get_user(request)
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if backend not in FAST_BACKENDS or backend not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return auth.get_user(request)
    user = load_user(pk)
    if user is None or not user.is_active or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return auth.get_user(request)
    return user


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with the user loaded by `get_user` above (the async `auser` stays Django's)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))
