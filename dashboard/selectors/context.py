"""The selected project's planning layers, as context under the dashboard's maps."""

import json

from geo.geojson import feature_collection
from layers.models import Feature, Layer


def project_layers(project_id: int | None) -> dict[str, dict]:
    """{layer name: GeoJSON dict}, one SQL statement per layer (projects have a handful)."""
    if not project_id:
        return {}
    return {
        layer.name: json.loads(feature_collection(Feature.objects.filter(layer=layer), geometry="geom", fields=[]))
        for layer in Layer.objects.filter(project_id=project_id).order_by("order", "id")
    }
