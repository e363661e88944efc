"""Staff writes: approving, rejecting and hiding ideas, hiding comments, statuses and official answers.

Every action leaves a ModerationLog row in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edge.moderation import ModerationWrites, resolve_report
from edge.moderation import moderation_reason as _reason
from edge.permissions import require
from proposals.models import Comment, Idea, ModerationLog, Report, StatusChange
from proposals.services.clusters import cells_apply
from proposals.services.notifications import notify

Visibility = Idea.Visibility

_writes = ModerationWrites(
    model=Idea,
    log=ModerationLog,
    rule="proposals.moderate_idea",
    already_public={"idea": _("Diese Idee ist bereits öffentlich.")},
    log_target=lambda row: {"idea": row},
    on_public_change=lambda row, delta: cells_apply(idea_id=row.pk, delta=delta),
    on_first_release=lambda row: notify(idea=row, event="published"),  # one e-mail, on the first release only
)


def idea_approve(*, idea: Idea, actor: User, note: str = "") -> Idea:
    return _writes.approve(idea, actor=actor, note=note)


def idea_reject(*, idea: Idea, actor: User, reason: str) -> Idea:
    return _writes.refuse(idea, actor=actor, reason=reason)


def idea_hide(*, idea: Idea, actor: User, reason: str) -> Idea:
    return _writes.refuse(idea, actor=actor, reason=reason, hide=True)


MAX_BULK = 100


@transaction.atomic
def ideas_moderate(*, ideas: list[Idea], actor: User, action: str, reason: str = "") -> list[Idea]:
    """Approve, reject or hide several pending ideas at once (one transaction); returns the ideas acted on.

    Ideas that no longer wait (moderated by a colleague or deleted since the confirmation was shown) are left
    alone; none left is a ValidationError.
    """
    if not ideas or len(ideas) > MAX_BULK:
        raise ValidationError({"ids": _("Bitte wählen Sie 1 bis %(n)d Ideen.") % {"n": MAX_BULK}})
    if action not in ("approve", "reject", "hide"):
        raise ValidationError({"action": _("Unbekannte Aktion.")})
    pending = Idea.objects.select_for_update().filter(pk__in=[idea.pk for idea in ideas], visibility=Visibility.PENDING)
    waiting = list(pending.order_by("created_at", "id"))
    if not waiting:
        raise ValidationError({"ids": _("Die gewählten Ideen warten nicht mehr auf Freigabe.")})
    if action == "approve":
        return [idea_approve(idea=idea, actor=actor, note=reason) for idea in waiting]
    run = idea_reject if action == "reject" else idea_hide
    return [run(idea=idea, actor=actor, reason=reason) for idea in waiting]


@transaction.atomic
def comment_hide(*, comment: Comment, actor: User, reason: str) -> Comment:
    require(actor, "proposals.moderate_idea", comment.idea)
    reason = _reason(reason)
    # The idea row first, as comment_create locks it: its count and a new comment cannot cross.
    idea = Idea.objects.select_for_update().only("pk").get(pk=comment.idea_id)
    comment.is_hidden = True
    comment.save(update_fields=["is_hidden"])
    # Counted again rather than decremented: hiding a comment hides its replies too, and hiding twice is once.
    Idea.objects.filter(pk=idea.pk).update(comment_count=Comment.objects.filter(idea_id=idea.pk).public().count())
    ModerationLog.objects.create(
        actor=actor, action=ModerationLog.Action.HIDE_COMMENT, idea_id=comment.idea_id, comment=comment, note=reason
    )
    return comment


@transaction.atomic
def report_resolve(*, report: Report, actor: User) -> Report:
    require(actor, "proposals.moderate_idea", report.idea)
    return resolve_report(report, actor=actor, log=ModerationLog)


@transaction.atomic
def idea_set_status(*, idea: Idea, actor: User, status: str, answer: str = "") -> Idea:
    """A new public status with an optional official answer; the history keeps every step."""
    require(actor, "proposals.answer_idea", idea)
    if status not in Idea.Status.values:
        raise ValidationError({"status": _("Unbekannter Status.")})
    answer = (answer or "").strip()
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if status == locked.status and (not answer or answer == locked.official_answer):
        raise ValidationError({"status": _("Bitte ändern Sie den Status oder schreiben Sie eine neue Antwort.")})
    locked.status = status
    if answer:
        locked.official_answer = answer
        locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "official_answer", "answered_at"])
    StatusChange.objects.create(idea=locked, status=status, answer=answer, changed_by=actor)
    ModerationLog.objects.create(actor=actor, action=ModerationLog.Action.STATUS, idea=locked, note=status)
    if locked.is_public:
        notify(idea=locked, event="status")
    return locked
