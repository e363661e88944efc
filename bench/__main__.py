"""Run every benchmark: `make bench` (needs the database that `make run` sets up)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import bench  # noqa: E402
import bench.cpu  # noqa: E402
from bench import bauleitplanung as bauleitplanung_bench  # noqa: E402
from bench import contention, cost, dashboard, data, feedback, geo, gis, layers, loadtest, ogc, pages, privacy, surveys  # noqa: E402
from bench import overview as overview_bench  # noqa: E402
from bench import rollups as rollups_bench  # noqa: E402
from bench import similar as similar_bench  # noqa: E402

MODULES = [geo, layers, surveys, privacy, dashboard, gis, feedback, overview_bench, bauleitplanung_bench]
# On the scale data set only (make bench-data, then make bench runs them with DATABASE_URL pointing there).
SCALE_MODULES = {"data": data, "pages": pages, "contention": contention, "loadtest": loadtest, "ogc": ogc, "cost": cost}
SCALE_MODULES["cpu"] = bench.cpu
SCALE_MODULES["rollups"] = rollups_bench  # on any database; `make bench-cpu` picks the scale data set when it exists
SCALE_MODULES["similar"] = similar_bench


def unapplied_migrations() -> list[str]:
    """Migrations the benchmark's database lacks: a scale data set built before them fails in the middle of
    a run (a renamed table), so the run refuses to start instead."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [f"{m.app_label}.{m.name}" for m, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]


if __name__ == "__main__":
    names = sys.argv[1:]
    if missing := unapplied_migrations():
        from django.db import connection

        database = connection.settings_dict["NAME"]
        sys.exit(f"The database {database} lacks {len(missing)} migrations ({', '.join(missing[:3])} …): "
                 f"run DATABASE_URL=<its URL> python manage.py migrate first.")  # fmt: skip
    if names[:1] == ["alerts"]:  # on demand only: it writes 100,000 subscriptions (removed afterwards)
        from bench import alerts

        alerts.run()
        sys.exit()
    if names and names[0] in SCALE_MODULES:
        SCALE_MODULES[names[0]].run()
        sys.exit(1 if bench.FAILURES else 0)
    for module in MODULES:
        if not names or module.__name__.split(".")[-1] in names:
            module.run()
    if bench.FAILURES:
        print("\nGoals missed:\n" + "\n".join(f"FAIL {failure}" for failure in bench.FAILURES))
        sys.exit(1)
