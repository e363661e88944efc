"""Rate limits on giving and reporting feedback: strict per account, generous per address (config.limits)."""

from django.conf import settings

from config.limits import retry_after as _retry_after


def retry_after(request, action: str) -> int | None:
    """Seconds until `action` is allowed again, or None if this request is within the limits (and counted)."""
    return _retry_after(request, f"feedback.{action}", settings.FEEDBACK_RATE_LIMITS[action])
