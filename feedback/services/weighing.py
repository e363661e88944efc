"""The Abwägung: planners decide on each entry with a reason, then release a project's decisions at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edge.permissions import require
from feedback.models import Feedback, FeedbackLog
from feedback.services.notifications import notify_release
from layers.models import Project

REASON_MIN, REASON_MAX = 10, 4000


def checked_decision(decision: str, reason: str, *, choices, reason_max: int = REASON_MAX) -> tuple[str, str]:
    """One of `choices` and a reason of REASON_MIN to `reason_max` characters (also for the statements'
    Abwägung), or a ValidationError keyed by field."""
    if decision not in choices:
        raise ValidationError({"decision": _("Bitte wählen Sie eine Entscheidung.")})
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise ValidationError(
            {
                "decision_reason": _("Bitte begründen Sie die Entscheidung (mindestens %(n)d Zeichen).")
                % {"n": REASON_MIN}
            }
        )
    if len(reason) > reason_max:
        raise ValidationError(
            {"decision_reason": _("Bitte schreiben Sie höchstens %(n)d Zeichen.") % {"n": reason_max}}
        )
    return decision, reason


@transaction.atomic
def feedback_decide(*, feedback: Feedback, actor: User, decision: str, reason: str) -> Feedback:
    """Record (or change) the decision; the public sees it only after the next release."""
    require(actor, "feedback.weigh_feedback", feedback)
    decision, reason = checked_decision(decision, reason, choices=Feedback.Decision.values)
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.visibility in (Feedback.Visibility.PENDING, Feedback.Visibility.REJECTED):
        raise ValidationError({"decision": _("Nur freigegebene Rückmeldungen werden abgewogen.")})
    locked.decision, locked.decision_reason = decision, reason
    locked.decided_at, locked.decided_by = timezone.now(), actor
    locked.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
    FeedbackLog.objects.create(
        actor=actor, action=FeedbackLog.Action.DECIDE, project_id=locked.project_id, feedback=locked, note=decision
    )
    return locked


def unreleased(project: Project):
    """Weighed entries whose decision or reason differs from what the public sees."""
    return (
        Feedback.objects.filter(project=project)
        .exclude(decision="")
        .filter(~Q(decision=F("public_decision")) | ~Q(decision_reason=F("public_reason")))
    )


@transaction.atomic
def decisions_release(*, project: Project, actor: User) -> int:
    """Publish every weighed decision of the project as it stands; followers are told once. Returns the count."""
    require(actor, "feedback.release_decisions", project)
    # Locked so a decision saved meanwhile is either in this release or in the next, never half.
    ids = list(unreleased(project).select_for_update().values_list("pk", flat=True))
    if not ids:
        raise ValidationError({"release": _("Es gibt keine neuen Abwägungen zu veröffentlichen.")})
    released = Feedback.objects.filter(pk__in=ids).update(
        public_decision=F("decision"), public_reason=F("decision_reason"), released_at=timezone.now()
    )
    FeedbackLog.objects.create(actor=actor, action=FeedbackLog.Action.RELEASE, project=project, note=str(released))
    notify_release(project=project, released=released)
    return released
