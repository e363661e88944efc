"""Races: work in threads released together, each with its own database connection."""

import threading

from django.db import connection


def at_once(work, calls: list[tuple]) -> list:
    """Runs `work(*args)` for each `args` of `calls` in its own thread, all released by one barrier; returns
    each call's outcome in order, its result or the exception it raised (a thread's exception would otherwise
    only be printed, and the test pass)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i: int, args: tuple) -> None:
        try:
            barrier.wait()
            outcomes[i] = work(*args)
        except Exception as error:
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, args)) for i, args in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def raised(outcomes: list) -> list[Exception]:
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]
