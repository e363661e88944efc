"""Rate limits per account (strict) and per client address (generous), with the time to wait.

Many people share one address (a town-hall workshop, a carrier's NAT), so an address may do
RATE_LIMIT_ADDRESS_FACTOR times what one account may. Counters are django-ratelimit's, in the default
cache (Redis in production, shared by all web processes); the address comes from config.client_ip.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage


def address_rate(rate: str) -> str:
    """'10/h' for one account becomes '200/h' for one address (with the default factor 20)."""
    count, _sep, period = rate.partition("/")
    return f"{int(count) * settings.RATE_LIMIT_ADDRESS_FACTOR}/{period}"


def retry_after(request, group: str, rate: str, *, account_key: str | None = "user") -> int | None:
    """Count this request; the seconds to wait if the account or the address is over its limit, else None.

    `account_key` is django-ratelimit's key for the account (e.g. "post:username" for a login form);
    an anonymous request is limited by its address only.
    """
    limits = [("ip", address_rate(rate))]
    if account_key and (account_key != "user" or request.user.is_authenticated):
        limits.append((account_key, rate))
    waits = []
    for key, key_rate in limits:
        usage = get_usage(request, group=f"{group}.{key}", key=key, rate=key_rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(1, usage["time_left"]))
    return max(waits) if waits else None


def wait_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Zu viele Anfragen. Bitte versuchen Sie es in %(n)d Minute erneut.",
        "Zu viele Anfragen. Bitte versuchen Sie es in %(n)d Minuten erneut.",
        minutes,
    ) % {"n": minutes}


def too_many_response(seconds: int, *, request=None, template: str | None = None) -> HttpResponse:
    """429 with Retry-After: JSON for the API, or `template` rendered with `message` for pages."""
    message = wait_message(seconds)
    if template:
        response = render(request, template, {"message": message, "retry_after": seconds}, status=429)
    else:
        response = JsonResponse({"detail": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
