"""Public API of projects and their layers; map data is built in SQL (geo.geojson, geo.tiles)."""

from django.conf import settings
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.fields import GeometryField

from edge.fields import BboxField
from edge.parsers import query_input
from geo.geojson import feature_collection, feature_collection_from_statement
from geo.models import Stadtteil
from geo.tiles import tile_is_valid, vector_tile
from layers import selectors
from layers.models import Layer, Phase, Project

GEOJSON = "application/geo+json"
MVT = "application/vnd.mapbox-vector-tile"


def tile_url_template(layer: Layer) -> str:
    return reverse("layers:tile", kwargs={"layer_id": layer.pk, "z": 0, "x": 0, "y": 0}).replace(
        "/0/0/0.", "/{z}/{x}/{y}."
    )


def features_url(layer: Layer) -> str | None:
    """GeoJSON only for layers small enough to send whole; the others are vector tiles only."""
    if layer.feature_count > settings.LAYERS_GEOJSON_MAX_FEATURES:
        return None
    return reverse("api:layer-features", kwargs={"layer_id": layer.pk})


class ProjectListApi(APIView):
    class InputSerializer(serializers.Serializer):
        topic = serializers.ChoiceField(choices=Project.Topic.choices, required=False)
        phase = serializers.ChoiceField(choices=Phase.Kind.choices, required=False)
        stadtteil = serializers.SlugRelatedField(slug_field="slug", queryset=Stadtteil.objects.all(), required=False)
        bbox = BboxField(required=False)

    @extend_schema(
        operation_id="projects_list",
        summary="Vorhaben als GeoJSON FeatureCollection ihrer Gebiete (Filter: Thema, Phase, Stadtteil, bbox)",
        parameters=[InputSerializer],
        responses={(200, GEOJSON): OpenApiTypes.OBJECT, 400: OpenApiResponse(description="ungültiger Filter")},
    )
    def get(self, request):
        params = query_input(self.InputSerializer, request)
        prefix = reverse("layers:project-detail", kwargs={"slug": "x"})[:-2]
        projects = selectors.project_list(**params.validated_data).annotate(
            url=Concat(Value(prefix), F("slug"), Value("/"), output_field=CharField()), phase=F("current_phase_kind")
        )
        text = feature_collection(
            projects, geometry="area", fields=["id", "slug", "title", "summary", "topic", "phase", "url"]
        )
        return HttpResponse(text, content_type=GEOJSON)


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["kind", "starts_on", "ends_on", "description"]


class LayerOutputSerializer(serializers.ModelSerializer):
    style = serializers.DictField(read_only=True)
    features_url = serializers.SerializerMethodField()
    tiles_url = serializers.SerializerMethodField()

    class Meta:
        model = Layer
        fields = ["id", "name", "description", "order", "visible_by_default", "style", "feature_count",
                  "feedback_open", "features_url", "tiles_url"]  # fmt: skip

    def get_features_url(self, layer) -> str | None:
        return features_url(layer)

    def get_tiles_url(self, layer) -> str:
        return tile_url_template(layer)


class ProjectDetailApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        area = GeometryField(precision=6, allow_null=True)
        phase = serializers.SerializerMethodField()
        phases = PhaseSerializer(many=True)
        stadtteile = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
        documents = serializers.SerializerMethodField()
        layers = LayerOutputSerializer(many=True)
        accepts_ideas = serializers.BooleanField()
        url = serializers.CharField(source="get_absolute_url")

        class Meta:
            model = Project
            ref_name = "ProjectDetail"
            fields = ["slug", "title", "summary", "topic", "body", "office", "contact_name", "contact_email",
                      "contact_phone", "area", "stadtteile", "phase", "phases", "ideas_open_from", "ideas_open_until",
                      "accepts_ideas", "moderation", "documents", "layers", "is_demo", "url"]  # fmt: skip

        def get_phase(self, project) -> str | None:
            phase = project.current_phase()
            return phase.kind if phase else None

        def get_documents(self, project) -> list[dict]:
            request = self.context["request"]
            return [{"title": d.title, "url": request.build_absolute_uri(d.href)} for d in project.documents.all()]

    @extend_schema(summary="Ein Vorhaben mit Phasen, Dokumenten und Kartenebenen", responses=OutputSerializer)
    def get(self, request, slug: str):
        try:
            project = selectors.project_detail(slug=slug)
        except Project.DoesNotExist:
            raise Http404 from None
        return Response(self.OutputSerializer(project, context={"request": request}).data)


class ProjectLayerListApi(APIView):
    @extend_schema(summary="Die Kartenebenen eines Vorhabens mit Stil und Daten-URLs", responses=LayerOutputSerializer)
    def get(self, request, slug: str):
        project = get_object_or_404(Project, slug=slug)
        return Response(LayerOutputSerializer(selectors.layer_list(project=project), many=True).data)


@method_decorator(cache_control(public=True, max_age=300), name="get")
class LayerFeatureListApi(APIView):
    @extend_schema(
        summary="Die Objekte einer kleinen Kartenebene als GeoJSON (große Ebenen: Vektorkacheln), mit den Spalten "
        "der Apps (z. B. feedback_count und Meinungszahlen)",
        responses={(200, GEOJSON): OpenApiTypes.OBJECT, 400: OpenApiResponse(description="Ebene zu groß")},
    )
    def get(self, request, layer_id: int):
        layer = get_object_or_404(Layer, pk=layer_id)
        if features_url(layer) is None:
            return Response(
                {
                    "detail": _("Diese Ebene hat zu viele Objekte für GeoJSON; bitte die Vektorkacheln verwenden."),
                    "code": "too_many_features",
                    "tiles_url": tile_url_template(layer),
                },
                status=400,
            )
        text = feature_collection_from_statement(selectors.layer_features_statement(layer_id=layer.pk))
        return HttpResponse(text, content_type=GEOJSON)


@cache_control(public=True, max_age=3600)
def layer_tile(request, layer_id: int, z: int, x: int, y: int):
    """A vector tile of one layer; features never change after an import (a re-import is a new layer)."""
    if not tile_is_valid(z, x, y):
        raise Http404
    layer = get_object_or_404(Layer.objects.only("id"), pk=layer_id)
    data = vector_tile(
        selectors.layer_features(layer=layer).order_by(),
        z=z, x=x, y=y, geometry="geom", fields=["id", "attributes"], layer_name=f"layer_{layer.pk}",
    )  # fmt: skip
    if not data:
        return HttpResponse(status=204)
    return HttpResponse(data, content_type=MVT)
