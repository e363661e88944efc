"""How a layer looks on the site, so that the QGIS project (geo.qgis_project) draws it the same way."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    """One colour, or one per value of `attribute` (e.g. an idea's category); stroke in that colour, areas
    filled with it at `fill_opacity`. `classes` is read when a project is built, so it may query the
    database: [(value, "#rrggbb"), ...]."""

    colour: str = "#1d4f91"
    fill_colour: str | None = None  # default: the stroke colour
    fill_opacity: float = 0.25
    attribute: str | None = None
    classes: Callable[[], list[tuple[str, str]]] | None = None
    visible: bool = True  # shown when the project opens
