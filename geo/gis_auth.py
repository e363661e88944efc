"""Who is asking, for GIS clients (QGIS, GDAL) that cannot log in with a session.

Staff send their API token as `Authorization: Token <key>` or as the password of HTTP basic auth
(QGIS's "Basic" authentication). A dataset that is not public names the permission it needs
(`Dataset.permission`, the owning app's rule); every GIS path asks `may_read`.
"""

import base64
import binascii
import re

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.settings import api_settings

TOKEN_KEY = re.compile(r"[0-9a-f]{40}")


def _token_user(key: str, username: str | None = None):
    if not TOKEN_KEY.fullmatch(key):  # also keeps NUL bytes and other junk away from the database
        return None
    # The API's own token authentication (accounts, configured in settings) decides, so expiry and revocation
    # hold for GIS clients too; geo imports no app. GIS requests only read, so every scope may pass.
    for auth_class in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
        if getattr(auth_class, "keyword", None) == "Token":
            try:
                user, _token = auth_class().authenticate_credentials(key)
            except exceptions.APIException:
                return None
            return None if username and user.get_username() != username else user
    return None


def gis_user(request):
    if request.user.is_authenticated:
        return request.user
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    user = None
    if scheme.lower() == "token" and credentials:
        user = _token_user(credentials.strip())
    elif scheme.lower() == "basic" and credentials:
        try:
            username, _, password = base64.b64decode(credentials).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            username = password = ""
        if password:
            user = _token_user(password, username)
    return user or AnonymousUser()


def may_read(request, dataset) -> bool:
    return dataset.readable_by(gis_user(request))
