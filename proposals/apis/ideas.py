"""Ideas on the map: list (GeoJSON built in SQL), clusters, detail, create."""

import json

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from edge.errors import service_errors
from edge.limits import rate_limited
from edge.paging import COUNT_CAP
from edge.parsers import JSONParser
from geo.spatial import point_from_lonlat
from layers.models import Project
from proposals import selectors, services
from proposals.apis.common import GEOJSON_RENDERERS, FilterInput, geojson_response
from proposals.models import Category

PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000


class IdeaListApi(APIView):
    renderer_classes = GEOJSON_RENDERERS

    class InputSerializer(FilterInput):
        limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=PAGE_SIZE)
        after = serializers.IntegerField(required=False, min_value=1, max_value=2**62, default=None)
        # Kept for old clients; the `next` links page by key (`after`), which costs the same at any depth.
        offset = serializers.IntegerField(required=False, min_value=0, max_value=COUNT_CAP, default=0)

    @extend_schema(
        summary="Öffentliche Ideen als GeoJSON FeatureCollection (seitenweise nach Schlüssel, mit count und next)",
        description=(
            "`next` führt zur nächsten Seite (`after` = letzte Idee dieser Seite). `count` ist exakt, wenn die "
            "Liste auf dieser Seite endet, sonst null. `count_estimate` ist eine Obergrenze aus den Clusterzellen "
            "(ganze Zellen, die die bbox berührt), wenn nur nach bbox und Kategorie gefiltert wird, sonst null."
        ),
        operation_id="ideas_list",
        parameters=[InputSerializer],
        responses={200: OpenApiResponse(description="GeoJSON FeatureCollection")},
    )
    def get(self, request):
        params = IdeaListApi.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.to_filter()
        d = params.validated_data
        page = selectors.idea_feature_collection(filters, limit=d["limit"], after=d["after"], offset=d["offset"])
        next_url = "null"
        if page.returned == d["limit"] and page.last_id is not None:
            query = request.query_params.copy()
            query.pop("offset", None)
            query["after"], query["limit"] = page.last_id, d["limit"]
            next_url = json.dumps(request.build_absolute_uri(reverse("api:idea-list") + "?" + query.urlencode()))
        # Counting exactly would read every idea of the area on each request; the page itself says it when the
        # list ends here, and the cluster cells give an upper bound (docs/performance.md, "Counting and paging").
        ends_here = d["after"] is None and page.returned < d["limit"] and (page.returned or not d["offset"])
        count = str(d["offset"] + page.returned) if ends_here else "null"
        estimate = "null" if page.estimate is None else str(page.estimate.in_bbox)
        # The collection is PostgreSQL's text; the page's keys are added without parsing the features again.
        return geojson_response(
            page.text.rstrip().removesuffix("}")
            + f', "count": {count}, "count_estimate": {estimate}, "next": {next_url}}}'
        )


class IdeaClusterApi(APIView):
    renderer_classes = GEOJSON_RENDERERS

    class InputSerializer(FilterInput):
        zoom = serializers.IntegerField(min_value=0, max_value=22)

    @extend_schema(
        summary="Ideen als Cluster (Anzahl je Rasterzelle) für die kleinen Maßstäbe der Karte",
        parameters=[InputSerializer],
        responses={200: OpenApiResponse(description="GeoJSON FeatureCollection mit Eigenschaft count")},
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return geojson_response(selectors.idea_clusters(params.to_filter(), zoom=params.validated_data["zoom"]))


class IdeaDetailApi(APIView):
    @extend_schema_serializer(component_name="IdeaDetail")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.CharField()
        description = serializers.CharField()
        category = serializers.CharField(source="category.slug")
        status = serializers.CharField()
        official_answer = serializers.CharField()
        answered_at = serializers.DateTimeField(allow_null=True)
        author = serializers.CharField(source="author.public_name")
        stadtteil = serializers.CharField(source="stadtteil.name")
        project = serializers.CharField(source="project.slug", default=None, allow_null=True)
        lon = serializers.FloatField(source="location.x")
        lat = serializers.FloatField(source="location.y")
        support_count = serializers.IntegerField()
        comment_count = serializers.IntegerField()
        visibility = serializers.CharField()
        created_at = serializers.DateTimeField()
        url = serializers.CharField(source="get_absolute_url")

    @extend_schema(summary="Eine Idee", operation_id="ideas_detail", responses=OutputSerializer)
    def get(self, request, pk: int):
        idea = selectors.idea_visible(pk, request.user)
        if idea is None:
            raise Http404
        return Response(self.OutputSerializer(idea).data)


class IdeaCreateApi(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, parsers.MultiPartParser]

    @extend_schema_serializer(component_name="IdeaCreate")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=120)
        description = serializers.CharField(max_length=4000)
        category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.filter(is_active=True))
        lon = serializers.FloatField(min_value=-180, max_value=180)
        lat = serializers.FloatField(min_value=-90, max_value=90)
        project = serializers.SlugRelatedField(slug_field="slug", queryset=Project.objects.all(), required=False)
        photo = serializers.FileField(required=False)

    @extend_schema(
        summary="Eine Idee einreichen (angemeldet)",
        request=InputSerializer,
        responses={201: IdeaDetailApi.OutputSerializer, 400: OpenApiResponse(description="Fehler je Feld")},
    )
    @rate_limited("proposals", "create")
    @service_errors
    def post(self, request):
        data = IdeaCreateApi.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        idea = services.idea_create(
            author=request.user,
            title=d["title"],
            description=d["description"],
            category=d["category"],
            location=point_from_lonlat(d["lon"], d["lat"]),
            project=d.get("project"),
            photo=d.get("photo"),
        )
        idea = selectors.idea_visible(idea.pk, request.user)
        return Response(IdeaDetailApi.OutputSerializer(idea).data, status=status.HTTP_201_CREATED)


class IdeaCollectionApi(IdeaListApi, IdeaCreateApi):
    """GET lists and POST creates on the same path; each keeps its own class and schema."""

    def get_permissions(self):
        return [permissions.IsAuthenticated()] if self.request.method == "POST" else []
