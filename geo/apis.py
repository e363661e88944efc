"""Public API of the spatial base: districts, geocoding and locating a point (a stable contract)."""

import json

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from edge.fields import BboxField
from edge.parsers import query_input
from geo import districting, selectors
from geo.models import Ortsbezirk, Place, Stadtteil
from geo.spatial import OUTSIDE_CITY_MESSAGE, point_from_lonlat

COORDINATE_PRECISION = 6  # about 10 cm: more digits only make the response larger

LEVEL_STADTTEIL, LEVEL_ORTSBEZIRK = "stadtteil", "ortsbezirk"


class LevelInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=[LEVEL_STADTTEIL, LEVEL_ORTSBEZIRK], default=LEVEL_STADTTEIL)


class StadtteilRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stadtteil
        fields = ["number", "name", "slug"]


class OrtsbezirkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ortsbezirk
        fields = ["name", "slug", "has_ortsbeirat"]


GEOJSON = "application/geo+json"
DISTRICTS_DESCRIPTION = (
    "Properties of a Stadtteil: number, name, long_name, slug, ortsbezirk {name, slug, has_ortsbeirat}, "
    "population, area_km2, url. Of an Ortsbezirk: name, slug, has_ortsbeirat, population, area_km2, "
    "stadtteile [{number, name, slug}]."
)


def _districts_geojson(level: str, slug: str | None = None) -> str:
    if level == LEVEL_ORTSBEZIRK:
        return selectors.ortsbezirke_geojson(slug=slug)
    return selectors.stadtteile_geojson(slug=slug)


@method_decorator(cache_control(public=True, max_age=3600), name="get")
class DistrictListApi(APIView):
    @extend_schema(
        summary="Stadtteile (18) oder Ortsbezirke (10) als GeoJSON FeatureCollection",
        description=DISTRICTS_DESCRIPTION,
        parameters=[LevelInput],
        responses={(200, GEOJSON): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        params = query_input(LevelInput, request)
        return HttpResponse(_districts_geojson(params.validated_data["level"]), content_type=GEOJSON)


@method_decorator(cache_control(public=True, max_age=3600), name="get")
class DistrictDetailApi(APIView):
    @extend_schema(
        operation_id="v1_districts_detail",
        summary="Ein Stadtteil (oder mit level=ortsbezirk ein Ortsbezirk) als GeoJSON Feature",
        description=DISTRICTS_DESCRIPTION,
        parameters=[LevelInput],
        responses={(200, GEOJSON): OpenApiTypes.OBJECT, 404: OpenApiResponse(description="unbekannter Bezirk")},
    )
    def get(self, request, slug: str):
        params = query_input(LevelInput, request)
        features = json.loads(_districts_geojson(params.validated_data["level"], slug=slug))["features"]
        if not features:
            raise NotFound
        return HttpResponse(json.dumps(features[0]), content_type=GEOJSON)


class GeocodeApi(APIView):
    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(min_length=2, max_length=200)
        limit = serializers.IntegerField(min_value=1, max_value=20, default=10)

    @extend_schema_serializer(component_name="Place")
    class OutputSerializer(GeoFeatureModelSerializer):
        location = GeometryField(precision=COORDINATE_PRECISION)
        stadtteil = StadtteilRefSerializer(allow_null=True)
        description = serializers.SerializerMethodField(help_text="Art und Stadtteil, z. B. „Straße · Innenstadt-Ost“")

        class Meta:
            model = Place
            geo_field = "location"
            fields = ["label", "kind", "name", "housenumber", "postcode", "category", "stadtteil", "description"]

        def get_description(self, place) -> str:
            parts = [str(place.get_kind_display()), place.stadtteil.name if place.stadtteil else ""]
            return " · ".join(part for part in parts if part)

    @extend_schema(
        summary="Adressen, Straßen und Orte suchen (tippfehlertolerant)",
        parameters=[InputSerializer],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        params = query_input(self.InputSerializer, request)
        places = selectors.geocode(params.validated_data["q"], limit=params.validated_data["limit"])
        return Response(self.OutputSerializer(places, many=True).data)


class LocateApi(APIView):
    class InputSerializer(serializers.Serializer):
        lon = serializers.FloatField(min_value=-180, max_value=180)
        lat = serializers.FloatField(min_value=-90, max_value=90)

    @extend_schema_serializer(component_name="Location")
    class OutputSerializer(serializers.Serializer):
        stadtteil = StadtteilRefSerializer()
        ortsbezirk = OrtsbezirkRefSerializer()
        address = serializers.CharField(allow_null=True, help_text="nearest address or street within 150 m")

    @extend_schema(
        summary="Stadtteil und Ortsbezirk eines Punktes",
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(
                description="lon oder lat fehlt, ist keine Zahl oder liegt außerhalb des Wertebereichs"
            ),
            422: inline_serializer("OutsideCity", {"detail": serializers.CharField(), "code": serializers.CharField()}),
        },
    )
    def get(self, request):
        params = query_input(self.InputSerializer, request)
        point = point_from_lonlat(params.validated_data["lon"], params.validated_data["lat"])
        location = districting.locate(point)
        if location is None:
            return Response(
                {"detail": str(OUTSIDE_CITY_MESSAGE), "code": "outside_city"},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        address = selectors.nearest_address(point)
        return Response(self.OutputSerializer({**vars(location), "address": address}).data)


@method_decorator(cache_control(public=True, max_age=86400), name="get")
class StreetListApi(APIView):
    @extend_schema(
        summary="Die Straßen des Ortsverzeichnisses als GeoJSON (Stadtkontext jeder Karte)",
        description="Properties: name, major (lange Durchgangsstraße). Vereinfacht auf etwa 4 m.",
        responses={(200, GEOJSON): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return HttpResponse(selectors.streets_geojson(), content_type=GEOJSON)


# A box for street labels is at most about the view of a large screen at zoom 15 (0.1° is 7 km here).
LABELS_MAX_SPAN = (0.25, 0.15)


@method_decorator(cache_control(public=True, max_age=86400), name="get")
class StreetLabelApi(APIView):
    class InputSerializer(serializers.Serializer):
        bbox = BboxField(help_text="minlon,minlat,maxlon,maxlat (WGS84), höchstens 0,25° × 0,15°")
        zoom = serializers.IntegerField(min_value=selectors.LABEL_ZOOMS[0], max_value=selectors.LABEL_ZOOMS[1])

        def validate_bbox(self, value):
            if value[2] - value[0] > LABELS_MAX_SPAN[0] or value[3] - value[1] > LABELS_MAX_SPAN[1]:
                message = _("Der Ausschnitt ist zu groß für Straßennamen (höchstens 0,25° × 0,15°).")
                raise serializers.ValidationError(message)
            return value

    @extend_schema(
        summary="Straßennamen eines Kartenausschnitts (Beschriftung ab Zoomstufe 15)",
        description="Punkte mit name, major (lange Durchgangsstraße) und angle (Drehung der Schrift in Grad, "
        "im Uhrzeigersinn, zwischen -90 und 90), entlang der Straßen des Ortsverzeichnisses; etwa alle 400 "
        "Bildpunkte einer, an Straßenteilen, die lang genug für ihren Namen sind.",
        parameters=[InputSerializer],
        responses={(200, GEOJSON): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        params = query_input(self.InputSerializer, request)
        body = selectors.street_labels_geojson(params.validated_data["bbox"], params.validated_data["zoom"])
        return HttpResponse(body, content_type=GEOJSON)
