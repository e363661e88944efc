"""The write path under contention (`python -m bench contention`, on the scale data set): many supporters
of the same few ideas at once, each support its own transaction on its own connection.

Compared: the earlier service (the idea's row locked first with SELECT … FOR UPDATE, held across the
support insert, the save of the idea and its signals) and the current one (insert first, the counter moved
by one UPDATE as the transaction's last statement). The supports made here are removed afterwards.
"""

import os
import statistics
import threading
import time

from allauth.account.models import EmailAddress
from django.db import connection, transaction

from accounts.models import User
from proposals.models import Idea, Support
from proposals.services import support_add

THREADS = int(os.environ.get("BENCH_THREADS", 16))
PER_THREAD = int(os.environ.get("BENCH_PER_THREAD", 40))
HOT = 5
UNUSABLE = "!"  # what set_unusable_password() stores: no hashing for hundreds of accounts


@transaction.atomic
def support_add_locking_first(*, idea: Idea, user: User) -> int:
    """The service as it was before issue 12 (kept here as the comparison)."""
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    _, created = Support.objects.get_or_create(idea=locked, user=user)
    if created:
        locked.support_count += 1
        locked.save(update_fields=["support_count"])
    return locked.support_count


def _users(prefix: str, n: int) -> list[User]:
    User.objects.bulk_create(
        [User(username=f"{prefix}{i}", email=f"{prefix}{i}@example.org", password=UNUSABLE) for i in range(n)],
        ignore_conflicts=True,
    )
    users = list(User.objects.filter(username__startswith=prefix).order_by("id")[:n])
    # Supporting needs a confirmed address (proposals.support_idea), as for every participant.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users], ignore_conflicts=True
    )
    return users


def _run(service, ideas: list[Idea], users: list[User]) -> list[float]:
    samples: list[float] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(THREADS)

    def worker(t: int) -> None:
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                user = users[t * PER_THREAD + i]
                start = time.perf_counter()
                service(idea=ideas[(t + i) % len(ideas)], user=user)
                samples.append(time.perf_counter() - start)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return samples


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def run() -> None:
    ideas = list(Idea.objects.filter(visibility=Idea.Visibility.PUBLISHED).order_by("id")[:HOT])
    users = _users("contention", THREADS * PER_THREAD)
    print(f"\n## Supports under contention: {THREADS} threads × {PER_THREAD} supports on {HOT} ideas\n")
    print(
        "In-process on purpose: the earlier service exists only here, as the comparison, and has no endpoint; each"
        " thread calls a service on its own database connection. Supports over HTTP: `make loadtest`.\n"
    )
    print("| service | p50 ms | p95 ms | p99 ms | max ms | supports/s |\n|---|---:|---:|---:|---:|---:|")
    try:
        for name, service in [
            ("row lock first (before)", support_add_locking_first),
            ("counter last (now)", support_add),
        ]:
            _reset(ideas, users)
            start = time.perf_counter()
            samples = _run(service, ideas, users)
            rate = len(samples) / (time.perf_counter() - start)
            print(
                f"| {name} | {statistics.median(samples) * 1000:.1f} | {_percentile(samples, 0.95):.1f} | "
                f"{_percentile(samples, 0.99):.1f} | {max(samples) * 1000:.1f} | {rate:.0f} |",
                flush=True,
            )
            for idea in ideas:
                idea.refresh_from_db()
                assert idea.support_count == Support.objects.filter(idea=idea).count(), "counter drifted"
    finally:
        _reset(ideas, users)


def _reset(ideas: list[Idea], users: list[User]) -> None:
    """Remove this benchmark's supports and put the counters back to the rows."""
    Support.objects.filter(user__in=users).delete()
    for idea in ideas:
        Idea.objects.filter(pk=idea.pk).update(support_count=Support.objects.filter(idea=idea).count())
