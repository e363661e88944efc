"""Shared pieces of the ideas API: GeoJSON output and filter input."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from edge.fields import BboxField
from proposals.models import Idea
from proposals.selectors import IdeaFilter

GEOJSON = "application/geo+json"


class GeoJSONRenderer(JSONRenderer):
    """Lets clients ask for application/geo+json (errors then come as JSON under that type)."""

    media_type = GEOJSON
    format = "geojson"


GEOJSON_RENDERERS = [JSONRenderer, GeoJSONRenderer]


def geojson_response(text: str) -> HttpResponse:
    return HttpResponse(text, content_type=GEOJSON)


class CommaList(serializers.CharField):
    def to_internal_value(self, data) -> list[str]:
        return [part.strip() for part in super().to_internal_value(data).split(",") if part.strip()]


class FilterInput(serializers.Serializer):
    bbox = BboxField(required=False)
    category = CommaList(required=False, help_text="Kategorie-Kürzel, durch Komma getrennt")
    status = CommaList(required=False, help_text="Status, durch Komma getrennt")
    district = serializers.IntegerField(required=False, min_value=1, max_value=18, help_text="Stadtteil-Nummer")
    project = serializers.SlugField(required=False)
    q = serializers.CharField(required=False, max_length=100)

    def validate_status(self, value: list[str]) -> list[str]:
        unknown = set(value) - set(Idea.Status.values)
        if unknown:
            raise serializers.ValidationError(_("Unbekannter Status: %(s)s") % {"s": ", ".join(sorted(unknown))})
        return value

    def to_filter(self) -> IdeaFilter:
        d = self.validated_data
        return IdeaFilter(
            bbox=d.get("bbox"),
            categories=d.get("category", []),
            statuses=d.get("status", []),
            district=d.get("district"),
            project=d.get("project"),
            q=d.get("q", ""),
        )
