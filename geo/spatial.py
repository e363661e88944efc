"""Spatial constants and helpers shared by every app."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WGS84 = 4326  # storage: every geometry column
UTM32 = 25832  # ETRS89 / UTM zone 32N, the official CRS of Rhineland-Palatinate: metres and areas

OUTSIDE_CITY_MESSAGE = _("Dieser Ort liegt außerhalb von Kaiserslautern. Bitte wählen Sie einen Ort im Stadtgebiet.")


def point_from_lonlat(lon: float, lat: float) -> Point:
    """A WGS84 point, refusing coordinates that cannot exist."""
    if not -180 <= lon <= 180:
        raise ValidationError({"lon": _("Die geografische Länge muss zwischen -180 und 180 liegen.")})
    if not -90 <= lat <= 90:
        raise ValidationError({"lat": _("Die geografische Breite muss zwischen -90 und 90 liegen.")})
    return Point(lon, lat, srid=WGS84)
