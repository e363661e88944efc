"""The Content-Security-Policy of every response (django-csp): scripts only from our own files or with
the response's nonce (the dashboard's folium maps); see settings.CONTENT_SECURITY_POLICY.

The admin's map widgets (django-leaflet) write inline scripts that we cannot give a nonce, so the admin
alone allows inline scripts; it is for logged-in staff only.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts.replace = {**(parts.replace or {}), "script-src": [SELF, UNSAFE_INLINE]}
        return parts
