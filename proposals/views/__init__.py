"""Pages of the ideas app (one module per page group)."""

from proposals.views.create import idea_create
from proposals.views.detail import idea_comment, idea_detail, idea_follow, idea_photo, idea_report, idea_support
from proposals.views.map import idea_map
from proposals.views.moderation import moderation_bulk, moderation_idea, moderation_queue, report_resolve

__all__ = [
    "idea_comment",
    "idea_create",
    "idea_detail",
    "idea_follow",
    "idea_map",
    "idea_photo",
    "idea_report",
    "idea_support",
    "moderation_bulk",
    "moderation_idea",
    "moderation_queue",
    "report_resolve",
]
