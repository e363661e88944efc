"""Writes on feedback go through these services (atomic, permission-checked)."""

from feedback.services.feedback import (
    feature_closed_reason,
    feedback_create,
    follow_set,
    personal_data_erase,
    report_create,
)
from feedback.services.moderation import feedback_approve, feedback_hide, feedback_reject, report_resolve
from feedback.services.stats import stats_rebuild
from feedback.services.weighing import decisions_release, feedback_decide

__all__ = [
    "decisions_release",
    "feature_closed_reason",
    "feedback_approve",
    "feedback_create",
    "feedback_decide",
    "feedback_hide",
    "feedback_reject",
    "follow_set",
    "personal_data_erase",
    "report_create",
    "report_resolve",
    "stats_rebuild",
]
