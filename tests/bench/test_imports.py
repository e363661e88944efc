"""`make bench` imports every part up front: a part that no longer imports stops the whole run."""

import importlib

from django.db.migrations.recorder import MigrationRecorder


def test_every_benchmark_part_imports():
    main = importlib.import_module("bench.__main__")
    assert len(main.MODULES) >= 9
    assert {"cost", "cpu", "ogc", "pages"} <= set(main.SCALE_MODULES)


def test_a_database_behind_its_migrations_is_named_before_a_run(db):
    main = importlib.import_module("bench.__main__")
    assert main.unapplied_migrations() == []  # the test database is migrated
    latest = MigrationRecorder.Migration.objects.filter(app="overview").order_by("-id").first()
    latest.delete()  # as a scale data set built before the newest migration (rolled back with the test)
    assert main.unapplied_migrations() == [f"overview.{latest.name}"]
