"""`make bench` imports every part up front: a part that no longer imports stops the whole run."""

import importlib
import re
from pathlib import Path

from django.db.migrations.recorder import MigrationRecorder


def test_every_benchmark_part_imports():
    main = importlib.import_module("bench.__main__")
    assert len(main.MODULES) >= 7
    assert {"alerts", "cost", "cpu", "dashboard", "gis", "loadtest", "ogc", "pages"} <= set(main.SCALE_MODULES)


def test_make_bench_runs_every_part():
    """One command for every figure: `make bench` runs MODULES and then each of SCALE_PARTS (the Makefile)."""
    main = importlib.import_module("bench.__main__")
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    scale_parts = re.search(r"^SCALE_PARTS \?= (.+)$", makefile, re.M).group(1).split()
    assert set(scale_parts) <= set(main.SCALE_MODULES)
    assert set(scale_parts) | {main.name_of(m) for m in main.MODULES} == set(main.PARTS) - {"data"}


def test_a_database_behind_its_migrations_is_named_before_a_run(db):
    main = importlib.import_module("bench.__main__")
    assert main.unapplied_migrations() == []  # the test database is migrated
    latest = MigrationRecorder.Migration.objects.filter(app="overview").order_by("-id").first()
    latest.delete()  # as a scale data set built before the newest migration (rolled back with the test)
    assert main.unapplied_migrations() == [f"overview.{latest.name}"]
