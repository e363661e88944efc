"""What a statement is about: the topic (Thema) of its concerns and the plan feature it refers to. Planners set
them by hand or by accepting a suggestion of the overview (docs/overview.md); either way only through here,
under the rule `bauleitplanung.weigh_statements`, and only while the Abwägung is open."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bauleitplanung.models import Concern, Statement
from bauleitplanung.services.weighing import SUMMARY_MAX, _not_published, _weighing_changed
from edge.permissions import require
from layers.models import Feature

TOPIC_MAX = 100


def feature_label(feature: Feature) -> str:
    """How a feature is named on the staff pages and in the Abwägungstabelle: its layer and gml:id."""
    return f"{feature.layer.name} {feature.attributes.get('gml_id', '')}".strip()


@transaction.atomic
def concern_topic_set(*, statement: Statement, actor, topic: str, concern: Concern | None = None) -> Concern:
    """The topic of one concern, or of the statement as a whole while it is not split (its one concern, made
    from its text as statement_decide makes it). An empty topic clears it."""
    require(actor, "bauleitplanung.weigh_statements", statement.procedure)
    _not_published(statement.procedure)
    topic = " ".join((topic or "").split())
    if len(topic) > TOPIC_MAX:
        raise ValidationError({"topic": _("Bitte schreiben Sie höchstens %(n)d Zeichen.") % {"n": TOPIC_MAX}})
    # Read under the lock: the caller's object may predate a grouping or a split.
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.group_id:
        raise ValidationError({"topic": _("Diese Stellungnahme wird mit ihrer Gruppe abgewogen.")})
    if concern is None:
        concerns = list(locked.concerns.all())
        if len(concerns) > 1:
            raise ValidationError(
                {"topic": _("Die Stellungnahme ist in Anliegen aufgeteilt: bitte jedem ein Thema geben.")}
            )
        concern = (
            concerns[0] if concerns else Concern.objects.create(statement=locked, summary=locked.text[:SUMMARY_MAX])
        )
    elif concern.statement_id != locked.pk:
        raise ValidationError({"topic": _("Dieses Anliegen gehört nicht zu dieser Stellungnahme.")})
    Concern.objects.filter(pk=concern.pk).update(topic=topic)
    _weighing_changed(locked.procedure_id)  # the topic is a column of the Abwägungstabelle
    concern.topic = topic
    return concern


@transaction.atomic
def statement_feature_set(*, statement: Statement, actor, feature: Feature | None) -> Statement:
    """The plan feature the statement refers to (None: none); it must belong to this procedure's plan."""
    require(actor, "bauleitplanung.weigh_statements", statement.procedure)
    _not_published(statement.procedure)
    if feature is not None and feature.layer.project_id != statement.procedure.project_id:
        raise ValidationError({"feature": _("Dieses Objekt gehört nicht zu diesem Plan.")})
    Statement.objects.filter(pk=statement.pk).update(feature=feature)
    _weighing_changed(statement.procedure_id)  # so is the feature ("Bezug")
    statement.feature = feature
    return statement
