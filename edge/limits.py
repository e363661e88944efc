"""Rate limits per account (strict) and per client address (generous), and the one answer when one is used up.

Many people share one address (a town-hall workshop, a carrier's NAT), so an address may do
RATE_LIMIT_ADDRESS_FACTOR times what one account may. Counters are django-ratelimit's, in the default
cache (Redis in production, shared by all web processes); the address comes from edge.client.

A limit that cannot be counted (Redis down) is not a limit that is kept: `retry_after` raises
LimitsUnavailableError, and edge.outage answers it with a 503 that says so, instead of letting the write through.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django_ratelimit import core as ratelimit
from django_ratelimit.core import get_usage

from edge.outage import CACHE_ERRORS, LimitsUnavailableError


def address_rate(rate: str) -> str:
    """'10/h' for one account becomes '200/h' for one address (with the default factor 20)."""
    count, _sep, period = rate.partition("/")
    return f"{int(count) * settings.RATE_LIMIT_ADDRESS_FACTOR}/{period}"


def _usage(request, *, group: str, key: str, rate: str):
    try:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    except CACHE_ERRORS as error:
        raise LimitsUnavailableError from error
    # django-ratelimit's answer when the cache neither added nor counted (an unreachable host name).
    if usage and usage["limit"] == 0 and usage["time_left"] == -1:
        raise LimitsUnavailableError
    return usage


def retry_after(request, group: str, rate: str, *, account_key: str | None = "user", per_address: bool = True):
    """Count this request; the seconds to wait if the account or the address is over its limit, else None.

    `account_key` is django-ratelimit's key for the account (e.g. a callable returning the normalised user
    name of a login form); an anonymous request is limited by its address only. `per_address=False` for
    limits that hold for one address as they stand (anonymous survey answers, exports).
    """
    limits = [("ip", address_rate(rate) if per_address else rate)]
    if account_key and (account_key != "user" or request.user.is_authenticated):
        limits.append((account_key, rate))
    named = [(f"{group}.{key if isinstance(key, str) else 'account'}", key, key_rate) for key, key_rate in limits]
    usages = _counted_at_once(request, named)
    if usages is None:
        usages = [_usage(request, group=name, key=key, rate=key_rate) for name, key, key_rate in named]
    waits = [max(1, usage["time_left"]) for usage in usages if usage and usage["should_limit"]]
    return max(waits) if waits else None


def _counted_at_once(request, named: list[tuple]) -> list[dict] | None:
    """django-ratelimit's get_usage(increment=True) for all limits of a request in one Redis command (the same
    keys, windows, counts and answers: tests/edge/test_limits_at_once.py), or None where that cannot be done (no
    Redis cache, limits switched off, a key that is not the account or the address): then each is counted alone."""
    store = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    if not hasattr(store, "count_up") or not getattr(settings, "RATELIMIT_ENABLE", True):
        return None
    if any(key not in ("ip", "user") for _group, key, _rate in named):
        return None
    keys, timeouts, parts = [], [], []
    for group, key, rate in named:
        limit, period = ratelimit._split_rate(rate)
        value = ratelimit._SIMPLE_KEYS[key](request)
        window = ratelimit._get_window(value, period)
        keys.append(ratelimit._make_cache_key(group, window, rate, value, ratelimit.ALL))
        timeouts.append(period + ratelimit.EXPIRATION_FUDGE)
        parts.append((limit, window))
    try:
        counts = store.count_up(keys, timeouts)
    except CACHE_ERRORS as error:
        raise LimitsUnavailableError from error
    now = int(time.time())
    return [
        {"count": count, "limit": limit, "should_limit": count > limit, "time_left": window - now}
        for count, (limit, window) in zip(counts, parts, strict=True)
    ]


def login_identity(value: str) -> str:
    """The account a login form names, as the authentication finds it: e-mail addresses match without regard to
    case (allauth), so every spelling of one address counts against one account (allauth's own key is lower())."""
    return value.strip().casefold()


def action_wait(request, scope: str, action: str) -> int | None:
    """retry_after for an app's named action, its rate read from settings.<SCOPE>_RATE_LIMITS[action]."""
    rate = getattr(settings, f"{scope.upper()}_RATE_LIMITS")[action]
    return retry_after(request, f"{scope}.{action}", rate)


def wait_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Zu viele Anfragen. Bitte versuchen Sie es in %(n)d Minute erneut.",
        "Zu viele Anfragen. Bitte versuchen Sie es in %(n)d Minuten erneut.",
        minutes,
    ) % {"n": minutes}


def too_many_response(seconds: int, *, request=None, template: str | None = None) -> HttpResponse:
    """The 429: Retry-After and a message with the wait; JSON for the API, or `template` rendered for pages."""
    message = wait_message(seconds)
    if template:
        response = render(request, template, {"message": message, "retry_after": seconds}, status=429)
    else:
        response = JsonResponse({"detail": message, "code": "rate"}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(scope: str, action: str):
    """For API methods (and views) answering JSON: the 429 when `action` is over its limit."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(self, request, *args, **kwargs):
            if (wait := action_wait(request, scope, action)) is not None:
                return too_many_response(wait)
            return fn(self, request, *args, **kwargs)

        return wrapper

    return decorator


def form_over_limit(request, form, scope: str, action: str) -> int | None:
    """For pages: counts `action`; over the limit, the wait goes on top of the form and is returned (in seconds)
    for the page's 429 and its Retry-After (`limited_page`)."""
    if (wait := action_wait(request, scope, action)) is not None:
        form.add_error(None, wait_message(wait))
    return wait


def limited_page(response: HttpResponse, wait: int | None) -> HttpResponse:
    """The form page as the 429 when `wait` says the limit was hit."""
    if wait is not None:
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


def page_over_limit(request, scope: str, action: str) -> HttpResponse | None:
    """For buttons (support, follow): counts `action`; over the limit, the 429 page that says how long to wait."""
    if (wait := action_wait(request, scope, action)) is None:
        return None
    return too_many_response(wait, request=request, template="429.html")
