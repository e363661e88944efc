"""Writes of the overview: requesting a run, computing it (in the job), and the staff's topic edits."""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import timedelta

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

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
from overview.sources import SOURCES, TextItem, all_items
from overview.text import clean, is_analysable

log = logging.getLogger(__name__)

# A run that has said nothing for this long died with its worker: it no longer blocks a new one.
STALE_AFTER = timedelta(hours=1)
LABEL_MATCH = 0.3  # key-word overlap for a new topic to keep the name staff gave an earlier one
EXCERPT = 280


class RunBusyError(Exception):
    """A run is queued or running already."""


def active_run() -> Run | None:
    return (
        Run.objects.filter(
            state__in=[Run.State.QUEUED, Run.State.RUNNING], created_at__gte=timezone.now() - STALE_AFTER
        )
        .order_by("-created_at")
        .first()
    )


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
    """Whether any source has a contribution newer than the last run: the periodic job's debounce."""
    last = Run.objects.exclude(state=Run.State.FAILED).order_by("-created_at").first()
    if last is None:
        return True
    return any((latest := source.latest()) is not None and latest > last.created_at for source in SOURCES.values())


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
        keys = _record_keys({it.person for it in analysable if it.person is not None and it.stadtteil})
        for number, found in enumerate(found_topics):
            member_items = [analysable[i] for i in found.members]
            Topic.objects.create(
                run=run,
                number=number,
                keywords=found.keywords,
                size=len(member_items),
                examples=[
                    {"source": it.source, "id": it.object_id, "url": it.url, "excerpt": _excerpt(it.text)}
                    for it in (analysable[i] for i in found.examples)
                ],
                by_stadtteil=_by_stadtteil(member_items, keys),
                by_month=dict(sorted(Counter(it.created_at.strftime("%Y-%m") for it in member_items).items())),
                label=_matching_label(found.keywords, labels),
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


@transaction.atomic
def topic_rename(*, topic: Topic, name: str, actor: User) -> Topic:
    """Name a topic; the name stays with whatever topic of a later run has the same key words."""
    name = clean(name)[:120]
    if topic.label_id:
        TopicLabel.objects.filter(pk=topic.label_id).update(name=name, keywords=topic.keywords)
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
    if not into.label_id:
        into = topic_rename(topic=into, name=into.name, actor=actor)
    if not topic.label_id:
        topic = topic_rename(topic=topic, name=topic.name, actor=actor)
    TopicLabel.objects.filter(pk=topic.label_id).update(merged_into=into.label_id)
    return into


@transaction.atomic
def group_decide(*, group: TextGroup, actor: User, decision: str, reason: str) -> tuple[int, int]:
    """One Abwägung for every feedback entry of a group, each through the feedback app's own service and log.

    Returns (decided, skipped): entries not yet released by moderation are skipped, as feedback_decide refuses them.
    """
    from django.core.exceptions import ValidationError

    from feedback.models import Feedback
    from feedback.services import feedback_decide

    ids = list(group.members.filter(source="feedback").values_list("object_id", flat=True))
    decided = skipped = 0
    for entry in Feedback.objects.filter(pk__in=ids).order_by("pk"):
        try:
            feedback_decide(feedback=entry, actor=actor, decision=decision, reason=reason)
        except ValidationError as error:
            if set(error.message_dict) != {"decision"} or decision not in Feedback.Decision.values:
                raise  # a bad decision or reason: the same for every entry, so the form shows it
            skipped += 1
        else:
            decided += 1
    return decided, skipped
