"""Run benchmarks: `python -m bench` runs the parts for the development database (MODULES), `python -m bench
<part> …` the named ones. `make bench` runs MODULES here and then every part of SCALE_PARTS (Makefile) on the
scale data set, one process each.

Each part prints its wall time and the load average before and after it; with BENCH_TIMES=<file> it also
appends a line to that file (`make bench` prints them as a table at the end). A part that raises is reported
with its traceback and counted as a missed goal, and the run goes on with the next part.
"""

import os
import sys
import time
import traceback

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import bench  # noqa: E402
import bench.cpu  # noqa: E402
from bench import alerts as alerts_bench  # noqa: E402
from bench import bauleitplanung as bauleitplanung_bench  # noqa: E402
from bench import contention, cost, dashboard, data, feedback, geo, gis, layers, loadtest, ogc, pages, privacy, surveys  # noqa: E402
from bench import overview as overview_bench  # noqa: E402
from bench import rollups as rollups_bench  # noqa: E402
from bench import similar as similar_bench  # noqa: E402

# On the development database: each writes its own data (and removes it, or rolls it back).
MODULES = [geo, layers, surveys, privacy, feedback, overview_bench, bauleitplanung_bench]
# On the scale data set (make bench-data; make bench runs them with DATABASE_URL pointing there). dashboard and
# gis top its million ideas up to their sizes instead of inserting a million of their own; like loadtest and
# alerts, they remove what they wrote.
SCALE_MODULES = {"data": data, "pages": pages, "contention": contention, "loadtest": loadtest, "ogc": ogc, "cost": cost}
SCALE_MODULES["cpu"] = bench.cpu
SCALE_MODULES["rollups"] = rollups_bench  # on any database; `make bench-cpu` picks the scale data set when it exists
SCALE_MODULES["similar"] = similar_bench
SCALE_MODULES["dashboard"] = dashboard
SCALE_MODULES["gis"] = gis
SCALE_MODULES["alerts"] = alerts_bench


def name_of(module) -> str:
    return module.__name__.split(".")[-1]


PARTS = {name_of(module): module for module in MODULES} | SCALE_MODULES


def unapplied_migrations() -> list[str]:
    """Migrations the benchmark's database lacks: a scale data set built before them fails in the middle of
    a run (a renamed table), so the run refuses to start instead."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [f"{m.app_label}.{m.name}" for m, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_part(name: str) -> float:
    """Run one part, timed; an exception is printed and counted as a missed goal."""
    from django.db import connection

    load = _load()
    print(f"\n# Part {name} on {connection.settings_dict['NAME']} (load average {load})\n", flush=True)
    started = time.perf_counter()
    try:
        PARTS[name].run()
    except Exception:
        traceback.print_exc()
        bench.FAILURES.append(f"part {name} stopped with an exception (above)")
    finally:
        connection.close()  # a part that failed inside a transaction leaves no broken connection to the next
    seconds = time.perf_counter() - started
    line = f"{name}\t{connection.settings_dict['NAME']}\t{seconds:.0f}\t{load}\t{_load()}"
    print(f"\n# Part {name}: {seconds:.0f} s (load average {load} before, {_load()} after)", flush=True)
    if times := os.environ.get("BENCH_TIMES"):
        with open(times, "a") as f:
            f.write(line + "\n")
    return seconds


if __name__ == "__main__":
    names = sys.argv[1:] or [name_of(module) for module in MODULES]
    if unknown := [name for name in names if name not in PARTS]:
        sys.exit(f"No benchmark part {', '.join(unknown)}; the parts: {', '.join(PARTS)}")
    if missing := unapplied_migrations():
        from django.db import connection

        database = connection.settings_dict["NAME"]
        sys.exit(f"The database {database} lacks {len(missing)} migrations ({', '.join(missing[:3])} …): "
                 f"run DATABASE_URL=<its URL> python manage.py migrate first.")  # fmt: skip
    for name in names:
        run_part(name)
    if bench.FAILURES:
        print("\nGoals missed:\n" + "\n".join(f"FAIL {failure}" for failure in bench.FAILURES))
        sys.exit(1)
