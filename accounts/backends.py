"""Django's model permissions (ModelBackend) serve the admin, which only staff may enter; everyone else gets
their rights from roles read by the named rules. Without this backend every signed-in citizen's page paid
ModelBackend's two permission queries, because each rule that says no falls through to it."""

from django.core.exceptions import PermissionDenied


class ModelPermissionsForStaffOnly:
    """Placed after the rules backend and before ModelBackend: a permission the rules did not grant is refused
    here for anyone who is neither staff nor superuser, so ModelBackend is not asked (and queries nothing).

    Not a BaseBackend: without `get_user` it never becomes the backend a session is bound to (force_login and
    login() take the first backend that has one)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and not (user_obj.is_staff or user_obj.is_superuser):
            raise PermissionDenied
        return False
