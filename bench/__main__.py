"""Run every benchmark: `make bench` (needs the database that `make run` sets up)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from bench import dashboard, data, geo, gis, layers, proposals, surveys  # noqa: E402  (Django must be set up first)

MODULES = [geo, proposals, layers, surveys, dashboard, gis]

if __name__ == "__main__":
    names = sys.argv[1:]
    if names == ["data"]:  # the scale data set is loaded on request only (make bench-data)
        data.run()
        sys.exit()
    for module in MODULES:
        if not names or module.__name__.split(".")[-1] in names:
            module.run()
