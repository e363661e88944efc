"""API tokens (`Authorization: Token <key>`) for GIS clients and scripts; see settings.REST_FRAMEWORK.

The scope is checked here, where every API and GIS request passes, so no view can forget it: a GIS-read
token may only read (safe methods), a participation token may also write.
"""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions

from accounts.models import ApiToken
from accounts.tokens import token_of
from geo.gis_auth import TOKEN_KEY


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result and result[1].scope == ApiToken.Scope.GIS_READ and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied(
                _("Dieses Token darf nur GIS-Daten lesen. Zum Beteiligen braucht es den Umfang „Beteiligen“.")
            )
        return result

    def authenticate_credentials(self, key):
        # Keys are 40 hex digits; anything else (a NUL byte included) never reaches the database.
        if not TOKEN_KEY.fullmatch(key):
            raise exceptions.AuthenticationFailed(_("Ungültiges Token."))
        token = token_of(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ungültiges oder abgelaufenes Token."))
        return token.user, token
