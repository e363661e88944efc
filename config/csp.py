"""The Content-Security-Policy of every response (django-csp): scripts only from our own files or with
the response's nonce (the dashboard's folium maps); see settings.CONTENT_SECURITY_POLICY.

The admin's map widgets (django-leaflet) write inline scripts that we cannot give a nonce, so the admin
alone allows inline scripts; it is for logged-in staff only.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

ADMIN_PREFIX = "/admin/"
# What a view or decorator can set on a response to change its policy (django-csp's decorators).
_PER_RESPONSE = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip
_POLICIES = (
    (HEADER, "CONTENT_SECURITY_POLICY", False),
    (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
)
_built: dict[bool, str] = {}


@receiver(setting_changed)
def _forget_policies(*, setting, **_kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def _default_policy(report_only: bool) -> str:
    """The policy of a response without a nonce or a per-response change: the same string for all of them."""
    if report_only not in _built:
        _built[report_only] = build_policy(report_only=report_only)
    return _built[report_only]


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts.replace = {**(parts.replace or {}), "script-src": [SELF, UNSAFE_INLINE]}
        return parts

    def process_response(self, request, response):
        """django-csp's, with the policies built once per process for the responses that use no nonce and change
        nothing (the API, most pages): building them was a tenth of a map request's CPU."""
        if (
            isinstance(getattr(request, "_csp_nonce", None), str)
            or request.path.startswith(ADMIN_PREFIX)
            or any(hasattr(response, name) for name in _PER_RESPONSE)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        for header, setting, report_only in _POLICIES:
            policy = _default_policy(report_only)
            excluded = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            if policy and header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:  # a nonce asked for from now on would not be in the header
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
