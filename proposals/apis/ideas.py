"""Ideas on the map: list (GeoJSON built in SQL), clusters, detail, create."""

import json
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from edge.errors import service_errors
from edge.fields import parse_bbox, posted_id
from edge.lean import lean_view
from edge.limits import rate_limited
from edge.paging import COUNT_CAP
from edge.parsers import JSONParser, query_input
from geo.spatial import point_from_lonlat
from layers.models import Project
from proposals import selectors, services
from proposals.apis.common import GEOJSON_RENDERERS, FilterInput, geojson_response
from proposals.models import Category
from proposals.selectors import IdeaFilter

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
        params = query_input(IdeaListApi.InputSerializer, request)
        d = params.validated_data
        return _list_page(request, params.to_filter(), limit=d["limit"], after=d["after"], offset=d["offset"])


def _list_page(request, filters, *, limit: int, after: int | None, offset: int) -> HttpResponse:
    page = selectors.idea_feature_collection(filters, limit=limit, after=after, offset=offset)
    next_url = "null"
    if page.returned == limit and page.last_id is not None:
        # The request's own parameters in their order, without offset, after and limit set (QueryDict.urlencode's
        # encoding; the list is served at this one path, so no reverse()).
        query = {key: values for key, values in request.GET.lists() if key != "offset"}
        query["after"], query["limit"] = [page.last_id], [limit]
        next_url = json.dumps(request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}"))
    # Counting exactly would read every idea of the area on each request; the page itself says it when the
    # list ends here, and the cluster cells give an upper bound (docs/performance.md, "Counting and paging").
    ends_here = after is None and page.returned < limit and (page.returned or not offset)
    count = str(offset + page.returned) if ends_here else "null"
    estimate = "null" if page.estimate is None else str(page.estimate.in_bbox)
    # The collection is PostgreSQL's text; the page's keys are added without parsing the features again.
    return geojson_response(
        page.text.rstrip().removesuffix("}") + f', "count": {count}, "count_estimate": {estimate}, "next": {next_url}}}'
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
        params = query_input(self.InputSerializer, request)
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
        fields = dict(data.validated_data)  # the service's own names, but for the point
        location = point_from_lonlat(fields.pop("lon"), fields.pop("lat"))
        idea = services.idea_create(author=request.user, location=location, **fields)
        idea = selectors.idea_visible(idea.pk, request.user)
        return Response(IdeaDetailApi.OutputSerializer(idea).data, status=status.HTTP_201_CREATED)


class IdeaCollectionApi(IdeaListApi, IdeaCreateApi):
    """GET lists and POST creates on the same path; each keeps its own class and schema."""

    def get_permissions(self):
        return [permissions.IsAuthenticated()] if self.request.method == "POST" else []


# The map's own request (every pan and zoom): bbox, category and paging, nothing else. Any other parameter, a
# repeated one, or a value the plain parsing below does not take goes to DRF, which answers it as before
# (its 400 for a bad value). docs/performance.md, "The ideas API for any bbox".
_LEAN_PARAMETERS = {"bbox", "category", "limit", "after", "offset"}
_LEAN_TYPES = ("*/*", "application/json", "application/geo+json", "application/*")
_COLLECTION_ALLOW = "GET, POST, HEAD, OPTIONS"  # DRF's Allow for this view (tests/proposals/test_lean_paths.py)


def _whole_number(text: str, low: int, high: int) -> int | None:
    value = posted_id(text, digits=len(str(high)))
    return value if value is not None and low <= value <= high else None


def _idea_list_lean(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    accept = request.META.get("HTTP_ACCEPT", "")
    if accept and not any(kind in accept for kind in _LEAN_TYPES):
        return None
    query = request.GET
    if not set(query) <= _LEAN_PARAMETERS or any(len(values) != 1 for _key, values in query.lists()):
        return None
    values = {key: query[key].strip() for key in query}
    if any(not value or "\x00" in value for value in values.values()):
        return None
    bbox = parse_bbox(values["bbox"]) if "bbox" in values else None
    limit = _whole_number(values.get("limit", str(PAGE_SIZE)), 1, MAX_PAGE_SIZE)
    after = _whole_number(values["after"], 1, 2**62) if "after" in values else None
    offset = _whole_number(values.get("offset", "0"), 0, COUNT_CAP)
    if None in (limit, offset) or ("bbox" in values and bbox is None) or ("after" in values and after is None):
        return None
    categories = [part.strip() for part in values.get("category", "").split(",") if part.strip()]
    filters = IdeaFilter(bbox=bbox, categories=categories)
    response = _list_page(request, filters, limit=limit, after=after, offset=offset)
    response["Allow"] = _COLLECTION_ALLOW  # as DRF's view answers
    patch_vary_headers(response, ["Accept"])
    return response


idea_collection = lean_view(IdeaCollectionApi, _idea_list_lean)
