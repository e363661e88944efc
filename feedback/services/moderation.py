"""Staff writes on visibility: approving, rejecting and hiding feedback, resolving reports.

The same conventions as for ideas: a reason for every refusal, a FeedbackLog row in the same transaction,
the feature's counts changed only when the entry's public state changes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edge.moderation import moderation_reason as _reason
from edge.moderation import resolve_report, set_visibility
from edge.permissions import require
from feedback.models import Feedback, FeedbackLog, FeedbackReport
from feedback.services.stats import stats_apply

Visibility = Feedback.Visibility
Action = FeedbackLog.Action


def _set_visibility(*, feedback: Feedback, actor: User, visibility: str, action: str, note: str) -> Feedback:
    locked = set_visibility(
        Feedback, feedback.pk, visibility=visibility, note=note,
        on_public_change=lambda row, delta: stats_apply(feedback=row, delta=delta),
    )  # fmt: skip
    FeedbackLog.objects.create(actor=actor, action=action, project_id=locked.project_id, feedback=locked, note=note)
    return locked


@transaction.atomic
def feedback_approve(*, feedback: Feedback, actor: User) -> Feedback:
    require(actor, "feedback.moderate_feedback", feedback)
    # The locked row's state, not the caller's copy: a second approval at once waits here and is refused.
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.is_public:
        raise ValidationError({"feedback": _("Diese Rückmeldung ist bereits öffentlich.")})
    return _set_visibility(
        feedback=feedback, actor=actor, visibility=Visibility.PUBLISHED, action=FeedbackLog.Action.APPROVE, note=""
    )


@transaction.atomic
def _refuse(*, feedback: Feedback, actor: User, reason: str, visibility: str, action: str) -> Feedback:
    require(actor, "feedback.moderate_feedback", feedback)
    return _set_visibility(feedback=feedback, actor=actor, visibility=visibility, action=action, note=_reason(reason))


def feedback_reject(*, feedback: Feedback, actor: User, reason: str) -> Feedback:
    return _refuse(feedback=feedback, actor=actor, reason=reason, visibility=Visibility.REJECTED, action=Action.REJECT)


def feedback_hide(*, feedback: Feedback, actor: User, reason: str) -> Feedback:
    return _refuse(feedback=feedback, actor=actor, reason=reason, visibility=Visibility.HIDDEN, action=Action.HIDE)


@transaction.atomic
def report_resolve(*, report: FeedbackReport, actor: User) -> FeedbackReport:
    require(actor, "feedback.moderate_feedback", report.feedback)
    return resolve_report(report, actor=actor, log=FeedbackLog)
