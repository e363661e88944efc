"""Reads for staff: the moderation queue, open reports and the log."""

from django.db.models import QuerySet

from proposals.models import Idea, ModerationLog, Report


def moderation_pending() -> QuerySet[Idea]:
    return (
        Idea.objects.filter(visibility=Idea.Visibility.PENDING)
        .select_related("category", "stadtteil", "project", "author")
        .order_by("created_at")
    )


def reports_open() -> QuerySet[Report]:
    return Report.objects.filter(resolved_at=None).select_related("idea", "comment", "reporter").order_by("created_at")


def moderation_log(*, limit: int = 50) -> QuerySet[ModerationLog]:
    return ModerationLog.objects.select_related("actor", "idea", "comment")[:limit]
