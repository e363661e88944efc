"""Suggestions for staff (docs/overview.md "Suggestions"): learned in a run from the staff's own earlier
decisions, shown with the words that led to them, applied only by a person's click, and every click logged.

One place for all kinds: a category for an idea, a topic (Thema) for a statement's concern, a plan feature
for a statement. The learning is overview.suggest; the models are `SuggestionModel` rows; the log is
`SuggestionDecision`. Applying goes through the owning app's service and its named rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from bauleitplanung.models import Concern, Statement
from bauleitplanung.services.classify import concern_topic_set, feature_label, statement_feature_set
from layers.models import Feature
from overview import suggest
from overview.models import Run, Suggestion, SuggestionDecision, SuggestionModel
from overview.text import clean
from proposals.models import Category, Idea
from proposals.services.clusters import cells_apply

EVALUATED = 50_000  # the held-out figure needs no more, and the job no longer run
# A statement's suggestion below this probability is not offered: the page says it is unclear instead (with
# eight topics the model's best guess on an off-topic text is often 0.2-0.3).
MIN_PROBABILITY = 0.4


# --- learning, in the run -------------------------------------------------------------------------------


def _model_row(run: Run, kind: str, texts: list[str], labels: list, procedure_id: int | None = None):
    model = suggest.train(texts, labels)
    accuracy = None
    if model is not None:
        accuracy = suggest.evaluate(texts[:EVALUATED], labels[:EVALUATED])["accuracy"]
    return SuggestionModel(
        run=run, kind=kind, procedure_id=procedure_id, examples=len(texts), accuracy=accuracy,
        blob=suggest.dumps(model) if model is not None else None,
    )  # fmt: skip


def learn(run: Run) -> list[SuggestionModel]:
    """The run's models (unsaved): categories from published ideas (a moderator checked each when releasing
    it), topics from the concerns planners gave one, and per procedure its statements' plan features."""
    Run.objects.filter(pk=run.pk).update(labels_digest=labels_digest())
    rows = []
    ideas = list(
        Idea.objects.filter(visibility=Idea.Visibility.PUBLISHED)
        .order_by("-id")
        .values_list("title", "description", "category_id")[: suggest.MAX_TRAIN]
    )
    if ideas:
        texts, labels = [clean(f"{t}\n{d}") for t, d, _c in ideas], [c for _t, _d, c in ideas]
        rows.append(_model_row(run, Suggestion.CATEGORY, texts, labels))

    concerns = list(
        Concern.objects.exclude(topic="").order_by("-id").values_list("summary", "topic")[: suggest.MAX_TRAIN]
    )
    if concerns:
        # Typed by hand: one label per spelling-insensitive topic, named as most planners wrote it.
        spellings: defaultdict[str, Counter] = defaultdict(Counter)
        for _text, topic in concerns:
            spellings[suggest.normalise_label(topic)][topic] += 1
        named = {key: counter.most_common(1)[0][0] for key, counter in spellings.items()}
        texts = [clean(text) for text, _t in concerns]
        rows.append(_model_row(run, Suggestion.TOPIC, texts, [named[suggest.normalise_label(t)] for _x, t in concerns]))

    by_procedure: defaultdict[int, list[tuple[str, int]]] = defaultdict(list)
    for procedure_id, text, feature_id in (
        Statement.objects.filter(feature__isnull=False)
        .order_by("-id")
        .values_list("procedure_id", "text", "feature_id")[: suggest.MAX_TRAIN]
    ):
        by_procedure[procedure_id].append((clean(text), feature_id))
    for procedure_id, pairs in sorted(by_procedure.items()):
        texts, labels = [t for t, _f in pairs], [f for _t, f in pairs]
        rows.append(_model_row(run, Suggestion.FEATURE, texts, labels, procedure_id))
    return rows


def labels_digest() -> str:
    """A fingerprint of the labels the models learn from: each newest idea's category, concern's topic and
    statement's plan feature (as `learn` reads them). Giving, changing or removing one changes it, where a count
    would miss a label changed into another; assignments have no date. One statement, every quarter hour."""
    labelled = {
        "category_id": Idea.objects.filter(visibility=Idea.Visibility.PUBLISHED),
        "topic": Concern.objects.exclude(topic=""),
        "feature_id": Statement.objects.filter(feature__isnull=False),
    }
    lists, params = [], []
    for label, queryset in labelled.items():
        sql, args = queryset.order_by("-id").values("id", label)[: suggest.MAX_TRAIN].query.sql_with_params()
        agg = f"string_agg(l.id || ':' || l.{label}, ',' ORDER BY l.id)"
        lists.append(f"(SELECT coalesce({agg}, '') FROM ({sql}) l)")  # noqa: S608 - the ORM's SQL, our column names
        params += args
    with connection.cursor() as cursor:
        joined = " || '|' || ".join(lists)
        cursor.execute(f"SELECT md5({joined})", params)
        return cursor.fetchone()[0]


def labels_changed() -> bool:
    """Whether planners or moderators gave, changed or removed a category, topic or plan feature since the newest
    finished run learned: giving one is no new contribution, so the periodic job asks this too."""
    run = Run.objects.filter(state=Run.State.DONE).order_by("-created_at").first()
    return run is not None and run.labels_digest != labels_digest()


# --- reading the models ---------------------------------------------------------------------------------

_loaded: dict[int, object] = {}  # unpickled models by row id, per process: read once, not per page
_LOADED_MAX = 32


@dataclass(frozen=True)
class Learned:
    model: object | None  # None: too few labelled examples in the newest run, or no run yet
    examples: int | None  # labelled examples the newest run had; None: no run has looked yet


def learned(kind: str, procedure_id: int | None = None) -> Learned:
    """The newest finished run's model of this kind (and procedure): one query, its bytes read once."""
    row = (
        SuggestionModel.objects.filter(run__state=Run.State.DONE, kind=kind, procedure_id=procedure_id)
        .order_by("-run__created_at")
        .annotate(empty=Q(blob=None))
        .values_list("id", "examples", "empty")
        .first()
    )
    if row is None:
        # A run that had no labelled example at all stores no row: say none rather than "no run".
        return Learned(None, 0 if Run.objects.filter(state=Run.State.DONE).exists() else None)
    pk, examples, empty = row
    if empty:
        return Learned(None, examples)
    if pk not in _loaded:
        if len(_loaded) >= _LOADED_MAX:
            _loaded.clear()
        _loaded[pk] = suggest.loads(SuggestionModel.objects.values_list("blob", flat=True).get(pk=pk))
    return Learned(_loaded[pk], examples)


def category_model():
    return learned(Suggestion.CATEGORY).model


def accuracy(kind: str, run: Run | None) -> int | None:
    """The run's held-out top-1 in per cent (not for feature models: those are one per procedure)."""
    if run is None:
        return None
    value = SuggestionModel.objects.filter(run=run, kind=kind, procedure=None).values_list("accuracy", flat=True)
    value = value.first()
    return round(100 * value) if value is not None else None


# --- suggesting -----------------------------------------------------------------------------------------


def category_suggestion(idea: Idea, model, categories: dict[int, Category]) -> dict | None:
    """The model's category for an idea and the words that led to it; None without words or category."""
    found = suggest.suggest(model, clean(f"{idea.title}\n{idea.description}"))
    if found is None or found.label not in categories:  # a category deleted since the run
        return None
    return {"category": categories[found.label], "words": found.words, "probability": found.probability}


def _statement_unit(learnt: Learned, text: str, labels: dict | None = None) -> dict:
    """One suggestion for a statement: its state ("suggest", "too_few", "no_run", "too_short", "unclear") with
    the label, its words and probability when there is one. `labels` maps model labels to what is shown."""
    if learnt.model is None:
        state = "no_run" if learnt.examples is None else "too_few"
        return {"state": state, "examples": learnt.examples, "needed": suggest.MIN_LABELLED}
    found = suggest.suggest(learnt.model, clean(text))
    if found is None:
        return {"state": "too_short"}
    if labels is not None and found.label not in labels:  # a feature gone with a new plan version
        return {"state": "unclear", "probability": found.probability}
    shown = labels[found.label] if labels is not None else found.label
    unit = {"value": str(found.label), "label": shown, "words": found.words, "probability": found.probability}
    unit["state"] = "suggest" if found.probability >= MIN_PROBABILITY else "unclear"
    return unit


def _unless_rejected(unit: dict, rejected: set[str]) -> dict:
    if unit["state"] == "suggest" and str(unit["label"]) in rejected:
        unit["state"] = "rejected"  # rejected for this statement once: not offered again
    return unit


def statement_suggestions(statement: Statement) -> dict:
    """What the statement page offers: a topic per concern still without one (or for the whole statement while
    it is not split), and a plan feature while it has none. Computed from the stored models, never stored."""
    result: dict = {"topics": [], "feature": None}
    rejected: defaultdict[str, set[str]] = defaultdict(set)
    for kind, value in SuggestionDecision.objects.filter(statement=statement, accepted=False).values_list(
        "kind", "value"
    ):
        rejected[kind].add(value)
    if not statement.group_id:
        concerns = list(statement.concerns.all())
        open_units = [c for c in concerns if not c.topic]
        if len(concerns) <= 1 and (not concerns or not concerns[0].topic):
            open_units = [None]  # the statement as a whole, with its own text
        if open_units:
            learnt = learned(Suggestion.TOPIC)
            for concern in open_units:
                unit = _statement_unit(learnt, concern.summary if concern is not None else statement.text)
                result["topics"].append(_unless_rejected(unit, rejected[Suggestion.TOPIC]) | {"concern": concern})
    if not statement.feature_id:
        learnt = learned(Suggestion.FEATURE, statement.procedure_id)
        features = {}
        if learnt.model is not None:
            labels = [label for label in learnt.model.classes_ if label is not None]
            for feature in Feature.objects.filter(
                pk__in=[int(x) for x in labels], layer__project_id=statement.procedure.project_id
            ).select_related("layer"):
                features[feature.pk] = feature_label(feature)
        unit = _statement_unit(learnt, statement.text, features)
        result["feature"] = _unless_rejected(unit, rejected[Suggestion.FEATURE])
    return result


# --- a person's click: applied only on acceptance, always logged ----------------------------------------


def _log(*, kind: str, actor: User, accepted: bool, **target) -> SuggestionDecision:
    return SuggestionDecision.objects.create(kind=kind, user=actor, accepted=accepted, **target)


def suggestion_decide(*, idea: Idea, suggested: Category, actor: User, accepted: bool) -> SuggestionDecision:
    """Log a person's decision; only an acceptance changes the idea's category (never the model alone)."""
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if accepted and idea.category_id != suggested.pk:
            published = idea.visibility == Idea.Visibility.PUBLISHED
            # Map cluster cells count published ideas per category: move the idea between them.
            if published:
                cells_apply(idea_id=idea.pk, delta=-1)
            Idea.objects.filter(pk=idea.pk).update(category=suggested)
            if published:
                cells_apply(idea_id=idea.pk, delta=1)
        return _log(kind=Suggestion.CATEGORY, actor=actor, accepted=accepted, idea=idea, suggested=suggested)


@transaction.atomic
def statement_suggestion_decide(
    *, statement: Statement, kind: str, value: str, actor: User, accepted: bool, concern: Concern | None = None
) -> SuggestionDecision:
    """Accept (apply through bauleitplanung's services and rule) or reject the suggestion the page showed.

    The suggestion is computed again: a click on a page older than the newest run, or a forged value, applies
    nothing and says so, rather than applying something nobody saw.
    """
    offered = statement_suggestions(statement)
    if kind == Suggestion.TOPIC:
        units = [
            u for u in offered["topics"] if (u["concern"].pk if u["concern"] else None) == (concern and concern.pk)
        ]
    elif kind == Suggestion.FEATURE:
        units = [offered["feature"]] if offered["feature"] else []
    else:
        raise ValidationError(_("Unbekannte Entscheidung über den Vorschlag."))
    unit = units[0] if units else None
    if unit is None or unit["state"] != "suggest" or unit.get("value") != value:
        raise ValidationError(_("Dieser Vorschlag gilt nicht mehr; bitte sehen Sie sich die Seite noch einmal an."))
    if accepted and kind == Suggestion.TOPIC:
        concern_topic_set(statement=statement, concern=concern, actor=actor, topic=unit["label"])
    elif accepted:
        feature = Feature.objects.select_related("layer").get(pk=int(value))
        statement_feature_set(statement=statement, actor=actor, feature=feature)
    return _log(kind=kind, actor=actor, accepted=accepted, statement=statement, value=str(unit["label"])[:200])


def acceptance_rates() -> dict[str, dict]:
    """Per kind: accepted, decided and the share in per cent (None before the first decision)."""
    counts = Counter(SuggestionDecision.objects.values_list("kind", "accepted"))
    rates = {}
    for kind in Suggestion.values:
        accepted, total = counts[(kind, True)], counts[(kind, True)] + counts[(kind, False)]
        rates[kind] = {
            "accepted": accepted,
            "total": total,
            "percent": round(100 * accepted / total) if total else None,
        }
    return rates
