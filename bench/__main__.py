"""Run every benchmark: `make bench` (needs the database that `make run` sets up)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from bench import dashboard, geo, gis, layers, privacy, proposals, surveys  # noqa: E402  (Django must be set up first)

MODULES = [geo, proposals, layers, surveys, privacy, dashboard, gis]

if __name__ == "__main__":
    names = sys.argv[1:]
    for module in MODULES:
        if not names or module.__name__.split(".")[-1] in names:
            module.run()
