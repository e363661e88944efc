"""Rate limits on giving and reporting feedback: per account first, then per client address.

The same library and counters (django-ratelimit on the default cache, Redis in production) as for ideas.
"""

from django.conf import settings
from django_ratelimit.core import get_usage


def retry_after(request, action: str) -> int | None:
    """Seconds until `action` is allowed again, or None if this request is within the limits (and counted)."""
    rate = settings.FEEDBACK_RATE_LIMITS[action]
    waits = []
    for key in ("user", "ip") if request.user.is_authenticated else ("ip",):
        usage = get_usage(request, group=f"feedback.{action}.{key}", key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(1, usage["time_left"]))
    return max(waits) if waits else None
