"""Reads for projects and layers; list queries annotate what pages and APIs show, to avoid N+1 queries."""

from dataclasses import replace
from datetime import date

from django.contrib.gis.geos import Polygon
from django.db import connections
from django.db.models import Expression, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from geo.geojson import FeatureStatement, feature_collection_statement
from geo.models import Stadtteil
from layers.models import Feature, Layer, Phase, Project


def running_phases(today: date) -> QuerySet[Phase]:
    return Phase.objects.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def current_phase_kind(today: date) -> Subquery:
    """The kind of the latest-started running phase, per project (same rule as Project.current_phase)."""
    phases = running_phases(today).filter(project=OuterRef("pk")).order_by("-starts_on", "-id")
    return Subquery(phases.values("kind")[:1])


def project_list(
    *,
    topic: str | None = None,
    phase: str | None = None,
    stadtteil: Stadtteil | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    today: date | None = None,
) -> QuerySet[Project]:
    today = today or timezone.localdate()
    projects = Project.objects.annotate(current_phase_kind=current_phase_kind(today))
    if topic:
        projects = projects.filter(topic=topic)
    if phase:
        projects = projects.filter(current_phase_kind=phase)
    if stadtteil is not None:
        projects = projects.filter(stadtteile=stadtteil)
    if bbox is not None:
        projects = projects.filter(area__bboverlaps=Polygon.from_bbox(bbox))
    # Names and slugs only, as in project_detail: every list shows them, none draws the polygons.
    return projects.prefetch_related(
        Prefetch("stadtteile", queryset=Stadtteil.objects.defer("geom", "label_point").order_by("number"))
    )


def project_detail(*, slug: str) -> Project:
    return Project.objects.prefetch_related(
        "phases",
        "documents",
        "news",
        # Names and links only: the polygons would cost a GEOS parse each per request.
        Prefetch("stadtteile", queryset=Stadtteil.objects.defer("geom", "label_point").order_by("number")),
        Prefetch("layers", queryset=Layer.objects.order_by("order", "id")),
    ).get(slug=slug)


def layer_list(*, project: Project) -> QuerySet[Layer]:
    return Layer.objects.filter(project=project).order_by("order", "id")


def layer_features(*, layer: Layer) -> QuerySet[Feature]:
    return Feature.objects.filter(layer=layer).order_by("id")


# Columns that apps built on layers add to every feature in the features GeoJSON (e.g. feedback counts);
# layers cannot import them, so they register expressions in AppConfig.ready().
_feature_fields: dict[str, Expression] = {}


def register_feature_field(name: str, expression: Expression) -> None:
    _feature_fields[name] = expression


def layer_features_with_fields(*, layer: Layer) -> tuple[QuerySet[Feature], list[str]]:
    """The layer's features annotated with the registered columns, and the property names to publish."""
    return layer_features(layer=layer).annotate(**_feature_fields), ["id", "attributes", *_feature_fields]


# A layer id no layer has: the statement is compiled once for it and the one parameter that holds it is the layer.
_MARKER = -7_230_461_019
_compiled: dict[tuple[str, ...], FeatureStatement | None] = {}


def layer_features_statement(*, layer_id: int) -> FeatureStatement:
    """The features GeoJSON statement of a layer. The registered columns (feedback's noisy counts and classes)
    are 700 parameters in 15 KB of SQL that Django took 70 ms of CPU to compile on every request; they are the
    same for every layer, so the statement is compiled once per process and only the layer's id is set."""
    key = tuple(_feature_fields)
    if key not in _compiled:
        queryset, fields = layer_features_with_fields(layer=Layer(pk=_MARKER))
        statement = feature_collection_statement(queryset, geometry="geom", fields=fields)
        # The constants written into the text, so that psycopg does not split 700 parameters out of it on each
        # request (another 60 ms of CPU); the layer stays the one parameter.
        with connections[statement.using].cursor() as cursor:
            text = cursor.cursor.mogrify(statement.sql, statement.params).replace("%", "%%")
        marker = str(_MARKER)
        _compiled[key] = (
            replace(statement, sql=text.replace(marker, "%s"), params=()) if text.count(marker) == 1 else None
        )
    if _compiled[key] is None:  # the layer is not one parameter: compile for this layer
        queryset, fields = layer_features_with_fields(layer=Layer(pk=layer_id))
        return feature_collection_statement(queryset, geometry="geom", fields=fields)
    return replace(_compiled[key], params=(layer_id,))
