"""API tokens (`Authorization: Token <key>`) for GIS clients and scripts; see settings.REST_FRAMEWORK."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from geo.gis_auth import TOKEN_KEY


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        # Keys are 40 hex digits; anything else (a NUL byte included) never reaches the database.
        if not TOKEN_KEY.fullmatch(key):
            raise exceptions.AuthenticationFailed(_("Ungültiges Token."))
        return super().authenticate_credentials(key)
