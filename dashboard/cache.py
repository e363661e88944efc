"""Caching of aggregates and grids, keyed by versions that the contributions they count bump.

Why a version and not a fingerprint query (count/max timestamp): ideas have no modification timestamp,
status changes and supports update rows in place, and a fingerprint over a million rows costs a scan on
every request. Every write of the models below goes through `.save()`/`.delete()` in the services, so
their signals bump one integer per source in the shared cache; the keys built before on that source become
unreachable. Each aggregate names the sources it counts, so a vote week (a support a few times a second)
does not throw away the weekly idea counts, and a survey week does not recount a million ideas. Bulk writes
that bypass signals (demo seed, benchmarks) are covered by the TTL.
"""

import hashlib
import json
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

IDEAS, SUPPORTS, RESPONSES, SURVEYS = "ideas", "supports", "responses", "surveys"
ALL_SOURCES = (IDEAS, SUPPORTS, RESPONSES, SURVEYS)
# Model -> the source its writes bump. Survey: its end date and results_public decide what the public sees.
SOURCE_OF = {"Idea": IDEAS, "Support": SUPPORTS, "Response": RESPONSES, "Answer": RESPONSES, "Survey": SURVEYS}
TTL_SECONDS = 10 * 60


def _version_key(source: str) -> str:
    return f"dashboard:version:{source}"


def versions(sources: Iterable[str]) -> list[int]:
    """The current version of each source (one cache round trip; a missing one starts at 1)."""
    keys = [_version_key(s) for s in sources]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, 1, timeout=None)
            found[key] = cache.get(key, 1)
    return [found[key] for key in keys]


def bump(sender=None, **_kwargs) -> None:
    """Invalidate what counts the sender's rows (every source when called without a sender)."""
    sources = [SOURCE_OF[sender.__name__]] if sender is not None else list(ALL_SOURCES)
    for source in sources:
        try:
            cache.incr(_version_key(source))
        except ValueError:  # not set yet (or evicted): any fresh value invalidates the old keys
            cache.set(_version_key(source), versions([source])[0] + 1, timeout=None)


def cached(kind: str, params: dict, compute: Callable[[], object], *, sources: Iterable[str] = ALL_SOURCES):
    """`compute()`'s result, cached under the current versions of `sources` and the parameters."""
    sources = tuple(sources)
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:24]
    stamp = ".".join(f"{s}{v}" for s, v in zip(sources, versions(sources), strict=True))
    key = f"dashboard:{stamp}:{kind}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL_SECONDS)
    return value


def connect_signals() -> None:
    from proposals.models import Idea, Support
    from surveys.models import Answer, Response, Survey

    for model in (Idea, Support, Response, Answer, Survey):
        post_save.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-delete-{model.__name__}")
