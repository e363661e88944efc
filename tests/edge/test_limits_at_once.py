"""edge.cache's counters in one Redis command each: the rate limits of a request (edge.limits) count exactly what
django-ratelimit's get_usage counts, under its keys, with its expiry and its answers; `incr` is Django's."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import RequestFactory
from django_ratelimit.core import get_usage

from edge.limits import address_rate, retry_after
from tests.edge.test_redis_outage import redis  # noqa: F401 (the fixture: a redis-server of the test's own)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 6, 12, 0, 1, tzinfo=datetime.UTC)
RATE = "3/m"


def _request(user, address="203.0.113.7"):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user
    return request


def _counts(request) -> list:
    """django-ratelimit's own reading of the two counters (account, address), without counting."""
    return [
        get_usage(request, group=f"g.{key}", key=key, rate=rate, increment=False)
        for key, rate in (("user", RATE), ("ip", address_rate(RATE)))
    ]


@time_machine.travel(NOW, tick=False)
def test_the_limits_count_as_django_ratelimit_does(redis):  # noqa: F811
    cache = caches["default"]
    assert hasattr(cache, "count_up")  # the path under test
    request = _request(UserFactory())
    for done in (1, 2, 3):
        assert retry_after(request, "g", RATE) is None
        assert [usage["count"] for usage in _counts(request)] == [done, done]
    wait = retry_after(request, "g", RATE)
    account, address = _counts(request)
    assert account["count"] == 4
    assert account["should_limit"]
    assert not address["should_limit"]
    assert wait == max(1, account["time_left"])
    # another account at the same address: its own account counter, the shared address counter
    other = _request(UserFactory())
    assert retry_after(other, "g", RATE) is None
    assert [usage["count"] for usage in _counts(other)] == [1, 5]


def test_a_new_counter_expires_as_django_ratelimits_does(redis):  # noqa: F811
    request = _request(UserFactory())
    retry_after(request, "g", "5/m")
    client = caches["default"]._cache.get_client()
    keys = client.keys("*rl:*")
    assert len(keys) == 2
    assert all(60 < client.ttl(key) <= 65 for key in keys)  # the period and django-ratelimit's 5 s


def test_an_anonymous_request_is_counted_by_address_alone(redis):  # noqa: F811
    request = _request(AnonymousUser())
    assert retry_after(request, "g", RATE) is None
    usage = get_usage(request, group="g.ip", key="ip", rate=address_rate(RATE), increment=False)
    assert usage["count"] == 1


def test_incr_is_djangos(redis):  # noqa: F811
    cache = caches["default"]
    with pytest.raises(ValueError, match="not found"):
        cache.incr("fehlt")
    assert cache.get("fehlt") is None  # not created
    cache.set("zahl", 5)
    assert cache.incr("zahl") == 6
    assert cache.incr("zahl", 10) == 16
    assert cache.get("zahl") == 16
