"""Writes of the overview: requesting a run, computing it (in the job), and the staff's topic edits."""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from dataclasses import replace

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from geo import disclosure
from geo.spatial import UTM32, WGS84
from overview import dedup, hotspots, suggestions, topics
from overview.models import (
    GroupMember,
    HotSpot,
    Run,
    SuggestionModel,
    TextGroup,
    Topic,
    TopicLabel,
)
from overview.selectors import result_run
from overview.sources import SOURCES, TextItem, all_items, items_of
from overview.text import clean, is_analysable

log = logging.getLogger(__name__)

# A run that has said nothing for this long died with its worker: it no longer blocks a new one.
LABEL_MATCH = 0.3  # key-word overlap for a new topic to keep the name staff gave an earlier one
EXCERPT = 280
TOPIC_EDIT_LOCK = 720_020  # pg_advisory_xact_lock key: topic edits against the saving of a run (issue 20)


class RunBusyError(Exception):
    """A run is queued or running already."""


class TopicStaleError(Exception):
    """The topic is not in the results shown any more: a newer run replaced them."""


def active_run() -> Run | None:
    return Run.objects.active().order_by("-created_at").first()


def run_request(*, requested_by: User | None = None) -> Run:
    """Queue a computation after the commit; refused while one is queued or running."""
    from overview.tasks import overview_compute  # the job module imports this one

    with transaction.atomic():
        # Locks the newest run so two staff clicks at once queue one run.
        list(Run.objects.select_for_update().order_by("-created_at")[:1])
        if active_run() is not None:
            raise RunBusyError
        run = Run.objects.create(requested_by=requested_by)
        transaction.on_commit(lambda: overview_compute.delay(run.pk))
    return run


def has_new_contributions() -> bool:
    """Whether any source has a contribution newer than the last run, or planners assigned topics or plan features
    since (suggestions.labels_changed): the periodic job's debounce."""
    last = Run.objects.exclude(state=Run.State.FAILED).order_by("-created_at").first()
    if last is None:
        return True
    new = any((latest := source.latest()) is not None and latest > last.created_at for source in SOURCES.values())
    return new or suggestions.labels_changed()


def _progress(run: Run, stage: str, progress: int) -> None:
    # Outside the result transaction, so the staff page sees it while the run works.
    Run.objects.filter(pk=run.pk).update(stage=stage, progress=progress)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def run_compute(*, run_id: int) -> Run:
    """Compute everything for one run; a failure is stored on the run (and shown to staff), never left running."""
    run = Run.objects.get(pk=run_id)
    if run.state not in (Run.State.QUEUED, Run.State.FAILED):
        return run
    started = time.perf_counter()
    Run.objects.filter(pk=run.pk).update(state=Run.State.RUNNING, started_at=timezone.now(), error="", progress=0)
    try:
        _compute(run)
    except Exception as error:  # any failure must end the run visibly, with its reason
        log.exception("overview run %s failed", run.pk)
        Run.objects.filter(pk=run.pk).update(
            state=Run.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
    else:
        Run.objects.filter(pk=run.pk).update(
            state=Run.State.DONE,
            progress=100,
            stage="",
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
        )
    run.refresh_from_db()
    return run


def _compute(run: Run) -> None:
    _progress(run, "Beiträge lesen", 5)
    items: list[TextItem] = [replace(item, text=clean(item.text)) for item in all_items()]
    analysable = [item for item in items if is_analysable(item.text)]

    _progress(run, "Massen-Einwendungen und Dubletten", 20)
    by_scope: defaultdict[str, list[TextItem]] = defaultdict(list)
    for item in items:
        by_scope[item.scope].append(item)
    found_groups = []
    for scope, scoped in by_scope.items():
        for group in dedup.find_groups([item.text for item in scoped]):
            found_groups.append((scope, group, [scoped[i] for i in group.members]))

    _progress(run, "Themen", 60)
    found_topics = topics.find_topics([item.text for item in analysable])

    _progress(run, "Brennpunkte", 80)
    found_hotspots = hotspots.find_hotspots()

    _progress(run, "Vorschläge lernen", 85)
    models = suggestions.learn(run)

    _progress(run, "Ergebnisse speichern", 90)
    with transaction.atomic():
        _lock_topic_edits()
        SuggestionModel.objects.bulk_create(models)
        members = []
        for scope, group, group_items in found_groups:
            row = TextGroup.objects.create(run=run, scope=scope[:200], template=group.template, size=len(group_items))
            members += [
                GroupMember(
                    group=row,
                    source=item.source,
                    object_id=item.object_id,
                    url=item.url,
                    excerpt=_excerpt(item.text),
                    diff=diff,
                )
                for item, diff in zip(group_items, group.diffs, strict=True)
            ]
        GroupMember.objects.bulk_create(members, batch_size=2_000)
        labels = list(TopicLabel.objects.all())
        matchable = [label for label in labels if label.split_from_id is None]
        splits: defaultdict[int, list[TopicLabel]] = defaultdict(list)
        for label in sorted(labels, key=lambda label: label.pk):
            if label.split_from_id is not None:
                splits[label.split_from_id].append(label)
        keys = _record_keys({it.person for it in analysable if it.person is not None and it.stadtteil})
        texts = [item.text for item in analysable]
        parts = [
            part
            for found in found_topics
            for part in topics.apply_splits(
                texts,
                topics.Part(_matching_label(found.keywords, matchable), found.keywords, found.members, found.examples),
                splits,
            )
        ]
        Topic.objects.bulk_create(
            Topic(run=run, number=number, **_topic_fields(part, analysable, keys)) for number, part in enumerate(parts)
        )
        HotSpot.objects.bulk_create(
            HotSpot(
                run=run,
                size=spot["size"],
                radius_m=spot["radius_m"],
                keywords=spot["keywords"],
                members=spot["members"],
                center=Point(spot["x"], spot["y"], srid=UTM32).transform(WGS84, clone=True),
            )
            for spot in found_hotspots
        )
        Run.objects.filter(pk=run.pk).update(texts=len(items), too_short=len(items) - len(analysable))
        # Only the newest result is kept: older runs and their rows go.
        Run.objects.filter(state=Run.State.DONE, created_at__lt=run.created_at).delete()


def _topic_fields(part: topics.Part, items: list[TextItem], keys: dict[int, int]) -> dict:
    """A topic row's stored figures from its texts (a part of the run's items, by index)."""
    member_items = [items[i] for i in part.members]
    return {
        "keywords": part.keywords,
        "size": len(member_items),
        "members": [[it.source, it.object_id] for it in member_items],
        "examples": [
            {"source": it.source, "id": it.object_id, "url": it.url, "excerpt": _excerpt(it.text)}
            for it in (items[i] for i in part.examples)
        ],
        "by_stadtteil": _by_stadtteil(member_items, keys),
        "by_month": dict(sorted(Counter(it.created_at.strftime("%Y-%m") for it in member_items).items())),
        "label": part.label,
    }


def _lock_topic_edits() -> None:
    """Staff edits of topics and the saving of a run's results take turns (until the transaction ends).

    Without it a split saved while a run stores its topics would be neither in the new run (its labels were read
    already) nor anywhere (the old run is deleted at the end of the same transaction).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TOPIC_EDIT_LOCK])


def _record_keys(people: set[int]) -> dict[int, int]:
    """geo.disclosure's record key of each person, computed by the same SQL as every other published table."""
    if not people:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {disclosure.record_key_sql('id')} FROM unnest(%s::bigint[]) AS t(id)",  # noqa: S608 - no input
            [sorted(people)],
        )
        return dict(cursor.fetchall())


def _by_stadtteil(items: list[TextItem], keys: dict[int, int]) -> dict[str, dict]:
    """Per Stadtteil number: texts (for staff), distinct people and the sum of their record keys (to publish)."""
    texts: Counter = Counter()
    people: defaultdict[int, set[int]] = defaultdict(set)
    for item in items:
        if item.stadtteil:
            texts[item.stadtteil] += 1
            if item.person is not None:
                people[item.stadtteil].add(item.person)
    return {
        str(number): {
            "texts": count,
            "people": len(people[number]),
            "key": sum(keys.get(p, 0) for p in people[number]) % disclosure.KEY_MODULUS,
        }
        for number, count in sorted(texts.items())
    }


def _matching_label(keywords: list[str], labels: list[TopicLabel]) -> TopicLabel | None:
    scored = [(topics.overlap(keywords, label.keywords), label) for label in labels]
    best = max(scored, default=(0.0, None), key=lambda pair: pair[0])
    return best[1] if best[0] >= LABEL_MATCH else None


def _current(topic: Topic) -> Topic:
    """The topic read again under the edit lock; TopicStaleError when a newer run has replaced it."""
    _lock_topic_edits()
    current = Topic.objects.select_related("label").filter(pk=topic.pk, run=result_run()).first()
    if current is None:
        raise TopicStaleError
    return current


@transaction.atomic
def topic_rename(*, topic: Topic, name: str, actor: User) -> Topic:
    """Name a topic; the name stays with whatever topic of a later run has the same key words."""
    topic = _current(topic)
    name = clean(name)[:120]
    if topic.label is not None:
        label = TopicLabel.objects.filter(pk=topic.label.pk)
        if topic.label.splits.exists():
            label.update(name=name)  # found by the key words it had before the split, not the ones it has left
        else:
            label.update(name=name, keywords=topic.keywords)
    else:
        topic.label = TopicLabel.objects.create(name=name, keywords=topic.keywords, created_by=actor)
        topic.save(update_fields=["label"])
    topic.refresh_from_db()
    return topic


@transaction.atomic
def topic_merge(*, topic: Topic, into: Topic, actor: User) -> Topic:
    """Show `topic` as part of `into`, now and in later runs (both keep their key words to be found again)."""
    if topic.pk == into.pk or topic.run_id != into.run_id:
        raise ValueError("merge needs two topics of one run")
    topic, into = _current(topic), _current(into)
    if not into.label_id:
        into = topic_rename(topic=into, name=into.name, actor=actor)
    if not topic.label_id:
        topic = topic_rename(topic=topic, name=topic.name, actor=actor)
    TopicLabel.objects.filter(pk=topic.label_id).update(merged_into=into.label_id)
    return into


@transaction.atomic
def topic_split(*, topic: Topic, words: list[str], name: str, actor: User) -> Topic:
    """Split off the texts of a topic that contain one of `words` (in any form) as a topic of their own.

    Stored as a TopicLabel (`split_from`, `split_words`) that every later run applies again to the topic this
    one's name is matched to. Returns the new topic. Raises TopicStaleError, or ValidationError for a choice
    that would leave either part empty.
    """
    topic = _current(topic)
    chosen = list(dict.fromkeys(w for w in (clean(w).strip()[:40] for w in words) if w))[:20]
    if not topics.split_stems(chosen):
        raise ValidationError(
            {"words": _("Bitte wählen Sie mindestens ein Schlüsselwort oder geben Sie ein Wort ein.")}
        )
    if not topic.members and topic.size > 1:  # a run from before splits existed kept no texts per topic
        raise ValidationError({"words": _("Bitte berechnen Sie die Auswertung neu, um dieses Thema zu teilen.")})
    if len(topic.members) < 2:
        raise ValidationError({"words": _("Ein Thema mit nur einem Beitrag lässt sich nicht teilen.")})
    items = [replace(item, text=clean(item.text)) for item in items_of(topic.members)]
    texts = [item.text for item in items]
    inside, outside = topics.split(texts, chosen)
    shown = ", ".join(chosen)
    if not inside:
        raise ValidationError({"words": _("Kein Beitrag dieses Themas enthält „%(words)s“.") % {"words": shown}})
    if not outside:
        raise ValidationError(
            {"words": _("Alle Beiträge dieses Themas enthalten „%(words)s“; es bliebe leer. Bitte wählen Sie Wörter, "
                        "die nur einen Teil der Beiträge betreffen.") % {"words": shown}}
        )  # fmt: skip
    if not topic.label_id:
        topic = topic_rename(topic=topic, name=topic.name, actor=actor)
    child = TopicLabel.objects.create(
        name=clean(name)[:120] or shown[:120], split_from=topic.label, split_words=chosen, created_by=actor
    )
    index = {(item.source, item.object_id): i for i, item in enumerate(items)}
    examples = [index[key] for key in ((e["source"], e["id"]) for e in topic.examples) if key in index]
    whole = topics.Part(topic.label, topic.keywords, list(range(len(items))), examples)
    rest, *parts = topics.apply_splits(texts, whole, {topic.label.pk: [child]})
    keys = _record_keys({it.person for it in items if it.person is not None and it.stadtteil})
    Topic.objects.filter(pk=topic.pk).update(**_topic_fields(rest, items, keys))
    number = Topic.objects.filter(run=topic.run_id).aggregate(Max("number"))["number__max"] + 1
    (part,) = parts
    new = Topic.objects.create(run_id=topic.run_id, number=number, **_topic_fields(part, items, keys))
    TopicLabel.objects.filter(pk=child.pk).update(keywords=new.keywords)
    return new
