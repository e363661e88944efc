"""Personal data of other apps for the account's JSON export; apps register in their AppConfig.ready().

accounts is below the participation apps, so they register here instead of accounts importing them.
"""

from collections.abc import Callable

_exporters: dict[str, Callable] = {}


def register_exporter(name: str, export: Callable[[object], object]) -> None:
    """`export(user)` returns JSON-serialisable data about that user."""
    _exporters[name] = export


def exporters() -> dict[str, Callable]:
    return dict(sorted(_exporters.items()))
