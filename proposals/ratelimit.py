"""Rate limits on creating, supporting and commenting: per account and per IP (django-ratelimit counters).

Counters live in the default cache; production shares them between processes through Redis (REDIS_URL).
"""

from django.conf import settings
from django_ratelimit.core import get_usage


def retry_after(request, action: str) -> int | None:
    """Seconds until `action` is allowed again, or None if this request is within both limits (and counted)."""
    rate = settings.PROPOSALS_RATE_LIMITS[action]
    waits = []
    keys = ["ip", "user"] if request.user.is_authenticated else ["ip"]
    for key in keys:
        usage = get_usage(request, group=f"proposals.{action}.{key}", key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(1, usage["time_left"]))
    return max(waits) if waits else None
