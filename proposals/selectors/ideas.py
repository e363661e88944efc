"""Reads of ideas: filtered lists, the GeoJSON map output and the detail page."""

from dataclasses import dataclass, field

from django.contrib.gis.geos import Polygon
from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from geo.geojson import feature_collection
from geo.spatial import WGS84
from layers.models import Project
from proposals.models import Category, Comment, Idea, StatusChange


@dataclass(frozen=True)
class IdeaFilter:
    bbox: tuple[float, float, float, float] | None = None
    categories: list[str] = field(default_factory=list)  # slugs
    statuses: list[str] = field(default_factory=list)
    district: int | None = None  # Stadtteil number
    project: str | None = None  # slug
    q: str = ""

    @property
    def only_categories(self) -> bool:
        """True when nothing but the categories (and the area) is filtered: the cluster cells can answer."""
        return not (self.statuses or self.district or self.project or self.q)


def category_list(*, active_only: bool = False) -> QuerySet[Category]:
    qs = Category.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def idea_public_list(filters: IdeaFilter | None = None) -> QuerySet[Idea]:
    qs = Idea.objects.filter(visibility=Idea.Visibility.PUBLISHED)
    f = filters or IdeaFilter()
    if f.bbox:
        qs = qs.filter(location__contained=_bbox_polygon(f.bbox))
    if f.categories:
        qs = qs.filter(category__slug__in=f.categories)
    if f.statuses:
        qs = qs.filter(status__in=f.statuses)
    if f.district:
        qs = qs.filter(stadtteil__number=f.district)
    if f.project:
        qs = qs.filter(project__slug=f.project)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q))
    return qs


def _bbox_polygon(bbox) -> Polygon:
    polygon = Polygon.from_bbox(bbox)
    polygon.srid = WGS84
    return polygon


GEOJSON_FIELDS = [
    "id",
    "title",
    "category_slug",
    "category_name",
    "color",
    "status",
    "status_label",
    "stadtteil_name",
    "support_count",
    "comment_count",
    "url",
]


def idea_feature_collection(filters: IdeaFilter, *, limit: int, offset: int) -> str:
    """One page of public ideas as a GeoJSON FeatureCollection, built by PostgreSQL in one statement."""
    prefix = reverse("proposals:detail", kwargs={"pk": 0}).removesuffix("0/")
    qs = (
        idea_public_list(filters)
        .annotate(
            category_slug=F("category__slug"),
            category_name=F("category__name"),
            color=F("category__color"),
            stadtteil_name=F("stadtteil__name"),
            status_label=Case(
                *[When(status=value, then=Value(str(label))) for value, label in Idea.Status.choices],
                output_field=CharField(),
            ),
            url=Concat(Value(prefix), Cast("id", CharField()), Value("/"), output_field=CharField()),
        )
        .order_by("-created_at", "-id")[offset : offset + limit]
    )
    return feature_collection(qs, geometry="location", fields=GEOJSON_FIELDS)


def idea_visible(pk: int, user) -> Idea | None:
    """The idea if `user` may see it (public, their own, or staff), with everything the page shows."""
    comments = Comment.objects.filter(is_hidden=False, parent=None).select_related("author")
    replies = Comment.objects.filter(is_hidden=False).select_related("author")
    idea = (
        Idea.objects.select_related("category", "stadtteil", "project", "author")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=comments.prefetch_related(Prefetch("replies", queryset=replies)),
                to_attr="top_comments",
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.all(), to_attr="history"),
        )
        .filter(pk=pk)
        .first()
    )
    if idea is None or not user.has_perm("proposals.view_idea", idea):
        return None
    return idea


def projects_open_for_ideas() -> QuerySet[Project]:
    now = timezone.now()
    return Project.objects.filter(ideas_open_from__lte=now).filter(
        Q(ideas_open_until=None) | Q(ideas_open_until__gt=now)
    )


def idea_page_list(filters: IdeaFilter) -> QuerySet[Idea]:
    """The list beside the map: the same ideas as the API, with what a list row shows."""
    return idea_public_list(filters).select_related("category", "stadtteil").order_by("-created_at", "-id")
