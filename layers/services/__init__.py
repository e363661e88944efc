"""Writes for projects and layers: every one atomic and validated (HackSoft style services)."""

from layers.services.layers import (
    ImportResult,
    layer_add_features,
    layer_create,
    layer_import,
    layer_update,
)
from layers.services.projects import (
    document_create,
    news_create,
    phase_create,
    project_create,
    project_set_area_from_layer,
    project_sync_stadtteile,
    project_update,
    validate_pdf,
)

__all__ = [
    "ImportResult",
    "document_create",
    "layer_add_features",
    "layer_create",
    "layer_import",
    "layer_update",
    "news_create",
    "phase_create",
    "project_create",
    "project_set_area_from_layer",
    "project_sync_stadtteile",
    "project_update",
    "validate_pdf",
]
