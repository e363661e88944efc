"""Writes of the ideas app (one module per concern; import from here)."""

from geo.photos import photo_process
from proposals.services.clusters import cells_apply, cells_rebuild
from proposals.services.ideas import (
    IdeaNotPublicError,
    comment_create,
    follow_set,
    idea_create,
    moderation_mode,
    personal_data_erase,
    report_create,
    support_add,
    support_remove,
)
from proposals.services.moderation import (
    comment_hide,
    idea_approve,
    idea_hide,
    idea_reject,
    idea_set_status,
    ideas_moderate,
    report_resolve,
)
from proposals.services.rollups import idea_rollup_rebuild

__all__ = [
    "IdeaNotPublicError",
    "cells_apply",
    "cells_rebuild",
    "comment_create",
    "comment_hide",
    "follow_set",
    "idea_approve",
    "idea_create",
    "idea_hide",
    "idea_reject",
    "idea_rollup_rebuild",
    "idea_set_status",
    "ideas_moderate",
    "moderation_mode",
    "personal_data_erase",
    "photo_process",
    "report_create",
    "report_resolve",
    "support_add",
    "support_remove",
]
