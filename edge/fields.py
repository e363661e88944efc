"""The input fields for places: a WGS84 bounding box and a longitude/latitude pair, bounded before GEOS sees them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def posted_id(text: str | None, *, digits: int = 12) -> int | None:
    """A row id (or another whole number from 0) from a form or query value, or None: ASCII digits only
    (str.isdigit() lets "²" through, and int() and the database then fail), at most `digits` long so it stays a
    bigint."""
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= digits else None


def parse_bbox(text: str) -> tuple[float, float, float, float] | None:
    """`minlon,minlat,maxlon,maxlat` as four floats within WGS84, west before east and south before north."""
    try:
        x1, y1, x2, y2 = (float(v) for v in text.split(","))
    except ValueError:
        return None
    if not (-180 <= x1 < x2 <= 180 and -90 <= y1 < y2 <= 90):
        return None
    return (x1, y1, x2, y2)


class BboxField(serializers.CharField):
    """`minlon,minlat,maxlon,maxlat` in WGS84 as a tuple of four floats."""

    default_error_messages = {
        "invalid_bbox": _("bbox braucht vier Zahlen: minlon,minlat,maxlon,maxlat (WGS84)."),
    }

    def to_internal_value(self, data) -> tuple[float, float, float, float]:  # type: ignore[override]  # text in, tuple out
        bbox = parse_bbox(super().to_internal_value(data))
        if bbox is None:
            self.fail("invalid_bbox")
        return bbox


def lon_lat_fields(**options) -> tuple[serializers.FloatField, serializers.FloatField]:
    """`lon, lat = lon_lat_fields()` in a serializer: floats within the world's range."""
    return (
        serializers.FloatField(min_value=-180, max_value=180, **options),
        serializers.FloatField(min_value=-90, max_value=90, **options),
    )


POINT_PAIR = _("Bitte geben Sie Länge und Breite zusammen an.")


# An input with an optional point: `lon` and `lat` together or neither (the service checks the bounds). A comment,
# not a docstring: drf-spectacular would show it as the description of each API's input.
class OptionalPointInput(serializers.Serializer):
    lon = serializers.FloatField(required=False)
    lat = serializers.FloatField(required=False)

    def validate(self, data):
        if ("lon" in data) != ("lat" in data):
            raise serializers.ValidationError({"lat" if "lon" in data else "lon": POINT_PAIR})
        return data


def lon_lat_form_fields(*, required: bool = True, hidden: bool = False) -> tuple[forms.FloatField, forms.FloatField]:
    """The same pair for a form; the map sets them, without JavaScript they can be typed in."""
    widget = forms.HiddenInput if hidden else None
    return (
        forms.FloatField(label=_("Längengrad"), min_value=-180, max_value=180, required=required, widget=widget),
        forms.FloatField(label=_("Breitengrad"), min_value=-90, max_value=90, required=required, widget=widget),
    )
