"""Sections of the project page that other apps contribute (ideas, surveys, results).

`layers` may not import the apps built on it; they register a panel in their AppConfig.ready() instead.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class ProjectPanel:
    key: str
    order: int
    # Returns the panel's HTML (rendered from a template, so escaped) or "" when it has nothing to show.
    render: Callable[[HttpRequest, "object"], str]


_panels: dict[str, ProjectPanel] = {}


def register_panel(panel: ProjectPanel) -> None:
    _panels[panel.key] = panel


def project_panels() -> list[ProjectPanel]:
    return sorted(_panels.values(), key=lambda p: p.order)
