"""Caching of aggregates and grids, keyed by a version that every contribution bumps.

Why a version and not a fingerprint query (count/max timestamp): ideas have no modification timestamp,
status changes and supports update rows in place, and a fingerprint over a million rows costs a scan on
every request. Every write of the models below goes through `.save()`/`.delete()` in the services, so
their signals bump one integer in the shared cache; all keys built before become unreachable. Bulk writes
that bypass signals (demo seed, benchmarks) are covered by the TTL.
"""

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "dashboard:version"
TTL_SECONDS = 10 * 60


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY, 1)
    return value


def bump(**_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any fresh value invalidates the old keys
        cache.set(VERSION_KEY, version() + 1, timeout=None)


def cached(kind: str, params: dict, compute: Callable[[], object]):
    """`compute()`'s result, cached under the current version and the parameters."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:24]
    key = f"dashboard:{version()}:{kind}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL_SECONDS)
    return value


def connect_signals() -> None:
    from proposals.models import Idea, Support
    from surveys.models import Answer, Response, Survey

    # Survey: its end date and results_public decide what the public results show.
    for model in (Idea, Support, Response, Answer, Survey):
        post_save.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-delete-{model.__name__}")
