"""Personal data of other apps: their part of the account's JSON export and of its deletion.

accounts is below the participation apps, so they register here (AppConfig.ready()) instead of accounts
importing them. Every app that stores personal data registers both, so that export and deletion cover
the same set (tests per app).
"""

from collections.abc import Callable

_exporters: dict[str, Callable] = {}
_erasers: dict[str, Callable] = {}


def register_exporter(name: str, export: Callable[[object], object]) -> None:
    """`export(user)` returns JSON-serialisable data about that user."""
    _exporters[name] = export


def register_eraser(name: str, erase: Callable[[object], None]) -> None:
    """`erase(user)` deletes or anonymises what the app holds about that user; runs inside account_delete."""
    _erasers[name] = erase


def exporters() -> dict[str, Callable]:
    return dict(sorted(_exporters.items()))


def erasers() -> dict[str, Callable]:
    return dict(sorted(_erasers.items()))
