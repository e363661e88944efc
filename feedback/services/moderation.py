"""Staff writes on visibility: approving, rejecting and hiding feedback, resolving reports.

The same conventions as for ideas: a reason for every refusal, a FeedbackLog row in the same transaction,
the feature's counts changed only when the entry's public state changes.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from feedback.models import Feedback, FeedbackLog, FeedbackReport
from feedback.services.stats import stats_apply

Visibility = Feedback.Visibility


def require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Bitte geben Sie eine Begründung an (mindestens 5 Zeichen).")})
    return reason


def _set_visibility(*, feedback: Feedback, actor: User, visibility: str, action: str, note: str) -> Feedback:
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    was_public = locked.is_public
    locked.visibility = visibility
    locked.moderation_reason = "" if visibility == Visibility.PUBLISHED else note
    if visibility == Visibility.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
    locked.save(update_fields=["visibility", "moderation_reason", "published_at"])
    if was_public != locked.is_public:
        stats_apply(feedback=locked, delta=1 if locked.is_public else -1)
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
def feedback_reject(*, feedback: Feedback, actor: User, reason: str) -> Feedback:
    require(actor, "feedback.moderate_feedback", feedback)
    return _set_visibility(
        feedback=feedback, actor=actor, visibility=Visibility.REJECTED, action=FeedbackLog.Action.REJECT,
        note=_reason(reason),
    )  # fmt: skip


@transaction.atomic
def feedback_hide(*, feedback: Feedback, actor: User, reason: str) -> Feedback:
    require(actor, "feedback.moderate_feedback", feedback)
    return _set_visibility(
        feedback=feedback, actor=actor, visibility=Visibility.HIDDEN, action=FeedbackLog.Action.HIDE,
        note=_reason(reason),
    )  # fmt: skip


@transaction.atomic
def report_resolve(*, report: FeedbackReport, actor: User) -> FeedbackReport:
    require(actor, "feedback.moderate_feedback", report.feedback)
    report.resolved_at = timezone.now()
    report.resolved_by = actor
    report.save(update_fields=["resolved_at", "resolved_by"])
    FeedbackLog.objects.create(
        actor=actor, action=FeedbackLog.Action.RESOLVE_REPORT, project_id=report.feedback.project_id,
        feedback_id=report.feedback_id, note=report.reason,
    )  # fmt: skip
    return report
