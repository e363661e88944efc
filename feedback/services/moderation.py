"""Staff writes on visibility: approving, rejecting and hiding feedback, resolving reports.

The same conventions as for ideas (edge.moderation.ModerationWrites): a reason for every refusal, a FeedbackLog
row in the same transaction, the feature's counts changed only when the entry's public state changes.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edge.moderation import ModerationWrites, resolve_report
from edge.permissions import require
from feedback.models import Feedback, FeedbackLog, FeedbackReport
from feedback.services.stats import stats_apply

_writes = ModerationWrites(
    model=Feedback,
    log=FeedbackLog,
    rule="feedback.moderate_feedback",
    already_public={"feedback": _("Diese Rückmeldung ist bereits öffentlich.")},
    log_target=lambda row: {"feedback": row, "project_id": row.project_id},
    on_public_change=lambda row, delta: stats_apply(feedback=row, delta=delta),
)


def feedback_approve(*, feedback: Feedback, actor: User) -> Feedback:
    return _writes.approve(feedback, actor=actor)


def feedback_reject(*, feedback: Feedback, actor: User, reason: str) -> Feedback:
    return _writes.refuse(feedback, actor=actor, reason=reason)


def feedback_hide(*, feedback: Feedback, actor: User, reason: str) -> Feedback:
    return _writes.refuse(feedback, actor=actor, reason=reason, hide=True)


@transaction.atomic
def report_resolve(*, report: FeedbackReport, actor: User) -> FeedbackReport:
    require(actor, "feedback.moderate_feedback", report.feedback)
    return resolve_report(report, actor=actor, log=FeedbackLog)
