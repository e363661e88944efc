"""Reads of the ideas app (one module per concern; import from here)."""

from proposals.selectors.clusters import idea_clusters, idea_clusters_on_the_fly
from proposals.selectors.estimate import AreaEstimate, idea_area_estimate
from proposals.selectors.ideas import (
    IdeaFilter,
    IdeaHead,
    category_list,
    idea_feature_collection,
    idea_head,
    idea_page,
    idea_page_ids,
    idea_page_list,
    idea_public_list,
    idea_public_page,
    idea_visible,
    projects_open_for_ideas,
)
from proposals.selectors.moderation import (
    QueueFilter,
    ideas_for_moderation,
    moderation_log,
    moderation_pending,
    reports_open,
)
from proposals.selectors.personal import personal_data

__all__ = [
    "AreaEstimate",
    "IdeaFilter",
    "IdeaHead",
    "QueueFilter",
    "category_list",
    "idea_area_estimate",
    "idea_clusters",
    "idea_clusters_on_the_fly",
    "idea_feature_collection",
    "idea_head",
    "idea_page",
    "idea_page_ids",
    "idea_page_list",
    "idea_public_list",
    "idea_public_page",
    "idea_visible",
    "ideas_for_moderation",
    "moderation_log",
    "moderation_pending",
    "personal_data",
    "projects_open_for_ideas",
    "reports_open",
]
