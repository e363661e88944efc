"""Reads for staff: the moderation queue, open reports and the log."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from geo.svg import point_svg_sql
from proposals.models import Idea, ModerationLog, Report
from proposals.selectors.ideas import RELATED_GEOMETRY


@dataclass(frozen=True)
class QueueFilter:
    project: int | None = None  # id
    stadtteil: int | None = None  # id
    older_than_days: int | None = None


def moderation_pending(filters: QueueFilter | None = None) -> QuerySet[Idea]:
    """Ideas waiting for approval, oldest first (the partial index idea_pending_oldest), with the point of
    each as SVG attributes for the preview."""
    f = filters or QueueFilter()
    qs = Idea.objects.filter(visibility=Idea.Visibility.PENDING)
    if f.project:
        qs = qs.filter(project_id=f.project)
    if f.stadtteil:
        qs = qs.filter(stadtteil_id=f.stadtteil)
    if f.older_than_days:
        qs = qs.filter(created_at__lte=timezone.now() - timedelta(days=f.older_than_days))
    point = point_svg_sql(f"{Idea._meta.db_table}.location")
    return (
        qs.select_related("category", "stadtteil", "project", "author")
        .defer(*RELATED_GEOMETRY, "project__area", "project__body")
        .annotate(point_svg=RawSQL(point, [], output_field=CharField()))  # noqa: S611 (our own SQL, no input)
        .order_by("created_at", "id")
    )


def ideas_for_moderation(ids: list[int]) -> QuerySet[Idea]:
    """The ideas a moderator picked, in the queue's order, with what the confirmation names."""
    return Idea.objects.filter(pk__in=ids).select_related("stadtteil").order_by("created_at", "id")


def reports_open() -> QuerySet[Report]:
    return Report.objects.filter(resolved_at=None).select_related("idea", "comment", "reporter").order_by("created_at")


def moderation_log(*, limit: int = 50) -> QuerySet[ModerationLog]:
    return ModerationLog.objects.select_related("actor", "idea", "comment")[:limit]
