"""The Abwägung of statements: per statement, per concern (split by the planner), or once for a group of
statements with the same content; then the council's decision, which sends every submitter their result."""

from datetime import date

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bauleitplanung.models import Concern, Decision, Procedure, Statement, StatementGroup
from edge.permissions import require
from feedback.services.weighing import checked_decision

REASON_MAX = 8000
SUMMARY_MAX = 4000


def _weighing_changed(procedure_id: int) -> None:
    """A new key for the cached count of unweighed statements (unweighed_count): counting them takes a pass over
    all statements and concerns, so the staff list reads it from the cache until the weighing changes."""
    Procedure.objects.filter(pk=procedure_id).update(weighing_version=F("weighing_version") + 1)


def _decision(decision: str, reason: str) -> tuple[str, str]:
    return checked_decision(decision, reason, choices=Decision.values, reason_max=REASON_MAX)


def _not_published(procedure: Procedure) -> None:
    # Read again: the caller's object may predate the decision.
    if Procedure.objects.filter(pk=procedure.pk, decision_published_at__isnull=False).exists():
        raise ValidationError({"decision": _("Der Stadtrat hat schon beschlossen; die Abwägung ist abgeschlossen.")})


@transaction.atomic
def concerns_split(*, statement: Statement, actor, summaries: list[str]) -> list[Concern]:
    """Split a statement into concerns (replacing its undecided ones); decided concerns are never replaced."""
    require(actor, "bauleitplanung.weigh_statements", statement.procedure)
    _not_published(statement.procedure)
    summaries = [s.strip() for s in summaries if s and s.strip()]
    if not summaries:
        raise ValidationError({"summaries": _("Bitte geben Sie mindestens ein Anliegen an.")})
    if any(len(s) > SUMMARY_MAX for s in summaries):
        raise ValidationError({"summaries": _("Bitte schreiben Sie höchstens %(n)d Zeichen.") % {"n": SUMMARY_MAX}})
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.concerns.exclude(decision="").exists():
        raise ValidationError({"summaries": _("Die Stellungnahme ist schon (teilweise) abgewogen.")})
    locked.concerns.all().delete()
    _weighing_changed(locked.procedure_id)
    return Concern.objects.bulk_create(
        Concern(statement=locked, order=n, summary=summary) for n, summary in enumerate(summaries, start=1)
    )


@transaction.atomic
def concern_decide(*, concern: Concern, actor, decision: str, reason: str) -> Concern:
    return _decide(concern, concern.statement.procedure, actor=actor, decision=decision, reason=reason)


def _decide(row, procedure: Procedure, *, actor, decision: str, reason: str):
    """One decision with its reason on a concern or a group, under a row lock, while nothing is published."""
    require(actor, "bauleitplanung.weigh_statements", procedure)
    _not_published(procedure)
    decision, reason = _decision(decision, reason)
    locked = type(row).objects.select_for_update().get(pk=row.pk)
    locked.decision, locked.decision_reason = decision, reason
    locked.decided_at, locked.decided_by = timezone.now(), actor
    locked.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
    _weighing_changed(procedure.pk)
    return locked


@transaction.atomic
def statement_decide(*, statement: Statement, actor, decision: str, reason: str) -> Concern:
    """Weigh a statement as a whole (its one concern, made from its text when it was never split)."""
    require(actor, "bauleitplanung.weigh_statements", statement.procedure)
    if statement.group_id:
        raise ValidationError({"decision": _("Diese Stellungnahme wird mit ihrer Gruppe abgewogen.")})
    concerns = list(statement.concerns.all())
    if len(concerns) > 1:
        raise ValidationError({"decision": _("Die Stellungnahme ist in Anliegen aufgeteilt: bitte jedes abwägen.")})
    concern = (
        concerns[0] if concerns else Concern.objects.create(statement=statement, summary=statement.text[:SUMMARY_MAX])
    )
    return concern_decide(concern=concern, actor=actor, decision=decision, reason=reason)


@transaction.atomic
def group_create(
    *, procedure: Procedure, actor, title: str, summary: str, statements: list[Statement]
) -> StatementGroup:
    require(actor, "bauleitplanung.weigh_statements", procedure)
    _not_published(procedure)
    title, summary = (title or "").strip()[:200], (summary or "").strip()
    if not title or not summary:
        raise ValidationError({"title": _("Bitte geben Sie Titel und Zusammenfassung der Gruppe an.")})
    if len(statements) < 2:
        raise ValidationError({"statements": _("Eine Gruppe braucht mindestens zwei Stellungnahmen.")})
    ids = [s.pk for s in statements]
    locked = list(Statement.objects.select_for_update().filter(pk__in=ids, procedure=procedure))
    if len(locked) != len(set(ids)):
        raise ValidationError({"statements": _("Die Stellungnahmen müssen zu diesem Verfahren gehören.")})
    if any(s.group_id for s in locked):
        raise ValidationError({"statements": _("Eine der Stellungnahmen gehört schon zu einer Gruppe.")})
    group = StatementGroup.objects.create(procedure=procedure, title=title, summary=summary[:SUMMARY_MAX])
    Statement.objects.filter(pk__in=ids).update(group=group)
    _weighing_changed(procedure.pk)
    return group


@transaction.atomic
def group_decide(*, group: StatementGroup, actor, decision: str, reason: str) -> StatementGroup:
    return _decide(group, group.procedure, actor=actor, decision=decision, reason=reason)


def unweighed(procedure: Procedure):
    """Statements without a decision: ungrouped ones with no concern or an undecided concern, and members of an
    undecided group."""
    open_concern = Concern.objects.filter(statement=OuterRef("pk"), decision="")
    any_concern = Concern.objects.filter(statement=OuterRef("pk"))
    return Statement.objects.filter(procedure=procedure).filter(
        Q(group__isnull=True) & (Exists(open_concern) | ~Exists(any_concern)) | Q(group__decision="")
    )


def unweighed_count(procedure: Procedure) -> int:
    """How many are unweighed, for the staff list: cached under the procedure's numbering and weighing state,
    which every new statement and every write of the Abwägung changes (the council decision counts afresh)."""
    key = f"bauleitplanung:unweighed:{procedure.pk}:{procedure.last_number}:{procedure.weighing_version}"
    count = cache.get(key)
    if count is None:
        count = unweighed(procedure).count()
        cache.set(key, count, 24 * 3600)
    return count


@transaction.atomic
def decision_publish(*, procedure: Procedure, actor, decided_on: date, text: str) -> Procedure:
    """The council's decision: public on the project page; each submitter with an e-mail address gets the
    result of their statement (a job after the commit), postal addresses go into the letter list."""
    require(actor, "bauleitplanung.publish_decision", procedure)
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    _not_published(locked)
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Das Datum des Beschlusses darf nicht in der Zukunft liegen.")})
    open_count = unweighed(locked).count()
    if open_count:
        raise ValidationError({"decided_on": _("%(n)d Stellungnahmen sind noch nicht abgewogen.") % {"n": open_count}})
    locked.council_decided_on, locked.decision_text = decided_on, (text or "").strip()[:10000]
    locked.decision_published_at = timezone.now()
    locked.save(update_fields=["council_decided_on", "decision_text", "decision_published_at"])
    from bauleitplanung.tasks import results_send

    transaction.on_commit(lambda: results_send.delay(locked.pk))
    return locked
