"""Shared pieces of the ideas API: filter input, error translation, rate limiting."""

from functools import wraps

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from config.limits import wait_message
from proposals.models import Idea
from proposals.ratelimit import retry_after
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


class BboxField(serializers.CharField):
    default_error_messages = {
        "invalid_bbox": _("bbox braucht vier Zahlen: minlon,minlat,maxlon,maxlat (WGS84)."),
    }

    def to_internal_value(self, data) -> tuple[float, float, float, float]:
        try:
            x1, y1, x2, y2 = (float(v) for v in super().to_internal_value(data).split(","))
        except ValueError:
            self.fail("invalid_bbox")
        if not (-180 <= x1 < x2 <= 180 and -90 <= y1 < y2 <= 90):
            self.fail("invalid_bbox")
        return (x1, y1, x2, y2)


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


def service_errors(fn):
    """Django ValidationErrors of the services become 400 bodies keyed by field."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DjangoValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
            raise ValidationError(detail) from error

    return wrapper


def rate_limited(action: str):
    """429 with Retry-After when the account or the IP went over the limit for `action`."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(self, request, *args, **kwargs):
            wait = retry_after(request, action)
            if wait is not None:
                response = Response(
                    {"detail": wait_message(wait), "code": "rate"},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
                response["Retry-After"] = str(wait)
                return response
            return fn(self, request, *args, **kwargs)

        return wrapper

    return decorator
