"""`make bench` imports every part up front: a part that no longer imports stops the whole run."""

import importlib


def test_every_benchmark_part_imports():
    main = importlib.import_module("bench.__main__")
    assert len(main.MODULES) >= 9
    assert {"cost", "cpu", "ogc", "pages"} <= set(main.SCALE_MODULES)
