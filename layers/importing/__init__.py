"""Reading planners' files (GeoJSON, GeoPackage, zipped Shapefile, KML, CSV) for layers.services.layer_import."""

from layers.importing.errors import LayerImportError
from layers.importing.source import SUPPORTED_EXTENSIONS, SourceData, list_source_layers, read_source

__all__ = ["SUPPORTED_EXTENSIONS", "LayerImportError", "SourceData", "list_source_layers", "read_source"]
