"""Writes: one decision for a whole overview group, where the owning app has decisions (issue 20).

Feedback entries are weighed one by one through `feedback.services.feedback_decide` (each in FeedbackLog);
statements become a `bauleitplanung.StatementGroup`, which that app weighs once for all its members. Either way
the owning app's service checks its own named rule, and a GroupDecisionLog row keeps who did it for which texts
(the overview group itself is replaced by the next run).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from bauleitplanung.models import StatementGroup
from bauleitplanung.services import weighing
from feedback.models import Feedback
from feedback.services import feedback_decide
from overview.models import GroupDecisionLog, TextGroup
from overview.selectors import statement_plan


@transaction.atomic
def group_decide(*, group: TextGroup, actor: User, decision: str, reason: str) -> tuple[int, int]:
    """One Abwägung for every feedback entry of a group, each through the feedback app's own service and log.

    Returns (decided, skipped): entries not yet released by moderation are skipped, as feedback_decide refuses them.
    """
    ids = list(group.members.filter(source="feedback").values_list("object_id", flat=True))
    decided, skipped = [], []
    for entry in Feedback.objects.filter(pk__in=ids).order_by("pk"):
        try:
            feedback_decide(feedback=entry, actor=actor, decision=decision, reason=reason)
        except ValidationError as error:
            if set(error.message_dict) != {"decision"} or decision not in Feedback.Decision.values:
                raise  # a bad decision or reason: the same for every entry, so the form shows it
            skipped.append(entry.pk)
        else:
            decided.append(entry.pk)
    if decided:
        GroupDecisionLog.objects.create(
            actor=actor, action=GroupDecisionLog.Action.FEEDBACK, scope=group.scope, template=group.template,
            decision=decision, member_ids=decided, skipped_ids=skipped,
        )  # fmt: skip
    return len(decided), len(skipped)


@transaction.atomic
def statements_group(
    *, group: TextGroup, actor: User, title: str, summary: str, decision: str = "", reason: str = ""
) -> StatementGroup:
    """Make the group's statements one bauleitplanung weighing group, and weigh it at once when a decision is given.

    Statements already in a group or already weighed on their own are left out (listed on the page); the rest must
    be at least two of one procedure. Both steps are bauleitplanung's services under its rule
    `bauleitplanung.weigh_statements`; a refused decision undoes the new group too.
    """
    plan = statement_plan(group=group)
    if plan is None or not plan["procedure"]:
        raise ValidationError(
            {"statements": _("Die Stellungnahmen dieser Gruppe gehören zu verschiedenen Verfahren.")}
            if plan and plan["procedures"] > 1
            else {"statements": _("Diese Gruppe enthält keine Stellungnahmen.")}
        )
    if len(plan["ready"]) < 2:
        raise ValidationError(
            {"statements": _("Es sind keine zwei Stellungnahmen mehr übrig, die noch in keiner Gruppe und nicht "
                             "einzeln abgewogen sind.")}
        )  # fmt: skip
    made = weighing.group_create(
        procedure=plan["procedure"], actor=actor, title=title, summary=summary, statements=plan["ready"]
    )
    if decision:
        made = weighing.group_decide(group=made, actor=actor, decision=decision, reason=reason)
    GroupDecisionLog.objects.create(
        actor=actor, action=GroupDecisionLog.Action.STATEMENT_GROUP, scope=group.scope, template=group.template,
        decision=decision, member_ids=[s.pk for s in plan["ready"]],
        skipped_ids=[s.pk for s in plan["grouped"] + plan["weighed"]], statement_group=made,
    )  # fmt: skip
    return made


@transaction.atomic
def statement_group_decide(
    *, group: TextGroup, statement_group: StatementGroup, actor: User, decision: str, reason: str
) -> StatementGroup:
    """Weigh a bauleitplanung group that statements of this overview group already belong to (made here after an
    earlier run, or by hand in the procedure), through bauleitplanung's own service and rule."""
    plan = statement_plan(group=group)
    if plan is None or statement_group.pk not in {g.pk for g in plan["groups"]}:
        raise ValidationError({"statements": _("Keine Stellungnahme dieser Gruppe gehört zu dieser Gruppe.")})
    decided = weighing.group_decide(group=statement_group, actor=actor, decision=decision, reason=reason)
    GroupDecisionLog.objects.create(
        actor=actor, action=GroupDecisionLog.Action.STATEMENT_GROUP, scope=group.scope, template=group.template,
        decision=decided.decision, member_ids=list(decided.members.values_list("pk", flat=True)),
        statement_group=decided,
    )  # fmt: skip
    return decided
