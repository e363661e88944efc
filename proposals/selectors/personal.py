"""A citizen's own ideas, comments and supports for the account's data export."""

from django.urls import reverse

from proposals.models import Comment, Follow, Idea, Report, Support


def personal_data(user) -> dict:
    ideas = Idea.objects.filter(author=user).order_by("created_at")
    return {
        "ideas": [
            {
                "id": i.pk,
                "title": i.title,
                "description": i.description,
                "category": i.category.name,
                "lon": i.location.x,
                "lat": i.location.y,
                "status": i.status,
                "visibility": i.visibility,
                "moderation_reason": i.moderation_reason,
                # The file itself is served to its author by the photo view (the link), whatever the visibility.
                "photo": reverse("proposals:photo", args=[i.pk]) if i.photo else None,
                "created_at": i.created_at.isoformat(),
            }
            for i in ideas.select_related("category")
        ],
        "comments": list(
            Comment.objects.filter(author=user).order_by("created_at").values("id", "idea_id", "text", "created_at")
        ),
        "supports": list(Support.objects.filter(user=user).order_by("created_at").values("idea_id", "created_at")),
        "follows": list(Follow.objects.filter(user=user).values("idea_id", "created_at")),
        "reports": list(Report.objects.filter(reporter=user).values("idea_id", "comment_id", "reason", "created_at")),
    }
