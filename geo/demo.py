"""Demo content: each app registers a seeder in its AppConfig.ready(); `manage.py seed` runs them in order.

The base cannot import the apps built on it, so they register here (DESIGN.md, "Architecture").
Seeders create content marked as demo, with dates relative to today, and are idempotent.
"""

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    order: int  # projects before the ideas and surveys that belong to them
    run: Callable[[dict], str]  # takes the command's options, returns a one-line summary
    add_arguments: Callable[[ArgumentParser], None] | None = None


_seeders: dict[str, DemoSeeder] = {}


def register_seeder(seeder: DemoSeeder) -> None:
    _seeders[seeder.name] = seeder


def seeders() -> list[DemoSeeder]:
    return sorted(_seeders.values(), key=lambda s: s.order)
