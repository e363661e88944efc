"""Reads of the overview: the stored results, never a computation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from bauleitplanung.models import Concern, Statement
from geo import disclosure
from geo.models import Stadtteil
from overview.models import GroupMember, Run, TextGroup, Topic
from overview.sources import SOURCES


def latest_run() -> Run | None:
    return Run.objects.order_by("-created_at", "-id").first()


def result_run() -> Run | None:
    """The run whose results are shown: the newest that finished."""
    return Run.objects.filter(state=Run.State.DONE).order_by("-created_at", "-id").first()


def hidden_sources(user) -> list[str]:
    """Sources whose texts this person may not read (statements, survey answers without the owning rule)."""
    return [name for name, source in SOURCES.items() if source.perm and not user.has_perm(source.perm)]


def group_list(*, run: Run, scope: str = "") -> QuerySet[TextGroup]:
    groups = TextGroup.objects.filter(run=run)
    return groups.filter(scope=scope) if scope else groups


def scopes(*, run: Run) -> list[str]:
    return list(TextGroup.objects.filter(run=run).order_by("scope").values_list("scope", flat=True).distinct())


def member_list(*, group: TextGroup, user) -> QuerySet[GroupMember]:
    return group.members.exclude(source__in=hidden_sources(user))


@dataclass
class TopicView:
    topic: Topic
    merged: list[Topic] = field(default_factory=list)  # topics the staff merged into this one
    hidden: list[str] = field(default_factory=list)  # sources whose texts the viewer may not read

    @property
    def examples(self) -> list[dict]:
        """The typical texts the viewer may read (a statement is typical for a moderator too, but not theirs)."""
        return [e for e in self.topic.examples if e["source"] not in self.hidden]

    @property
    def size(self) -> int:
        return self.topic.size + sum(t.size for t in self.merged)

    @property
    def by_stadtteil(self) -> dict[str, dict]:
        """Texts and people per Stadtteil over the topic and the topics merged into it.

        People of merged topics may overlap, so their counts are only added where they are kept apart (a
        text belongs to one topic, a person may write in several): the sum is an upper bound for people.
        """
        total: dict[str, dict] = {}
        for topic in [self.topic, *self.merged]:
            for number, cell in topic.by_stadtteil.items():
                into = total.setdefault(number, {"texts": 0, "people": 0, "key": 0})
                into["texts"] += cell["texts"]
                into["people"] += cell["people"]
                into["key"] = (into["key"] + cell["key"]) % disclosure.KEY_MODULUS
        return total


def topic_views(*, run: Run, user=None) -> list[TopicView]:
    """The run's topics with the staff's merges applied (a merged topic is shown inside its target)."""
    # Without their lists of texts (up to the whole run's): only a split reads them.
    topics = list(Topic.objects.filter(run=run).select_related("label", "label__split_from").defer("members"))
    hidden = hidden_sources(user) if user is not None else []
    views = {t.pk: TopicView(t, hidden=hidden) for t in topics}
    by_label = {t.label_id: t for t in topics if t.label_id}
    for topic in topics:
        target_label = topic.label.merged_into_id if topic.label_id else None
        target = by_label.get(target_label)
        if target is not None and target.pk != topic.pk:
            views[target.pk].merged.append(topic)
            views.pop(topic.pk, None)
    return sorted(views.values(), key=lambda v: v.size, reverse=True)


def public_topics(*, run: Run) -> list[dict]:
    """Topics as the public sees them: name, key words, and people per Stadtteil through geo.disclosure."""
    names = dict(Stadtteil.objects.values_list("number", "name"))
    result = []
    for view in topic_views(run=run):
        counted = view.by_stadtteil
        # Every Stadtteil is listed: an absent one (0) is withheld like any small count, not shown as none.
        cells = disclosure.publish_cells(
            {n: (counted.get(str(n), {}).get("people", 0), counted.get(str(n), {}).get("key", 0)) for n in names}
        )
        result.append(
            {
                "name": view.topic.name,
                "keywords": view.topic.keywords,
                "stadtteile": [
                    {"number": n, "name": names.get(n, str(n)), "cell": cell} for n, cell in sorted(cells.items())
                ],
            }
        )
    return result


def statement_plan(*, group: TextGroup) -> dict | None:
    """The group's formal statements as bauleitplanung sees them now: which can become one weighing group.

    `ready`: in no group and not weighed on their own; `grouped`: already in a StatementGroup (`groups`, with
    their decision); `weighed`: a concern of theirs has a decision. None when the group has no statements.
    """
    ids = list(group.members.filter(source="statement").values_list("object_id", flat=True))
    if not ids:
        return None
    rows = list(
        Statement.objects.filter(pk__in=ids)
        .select_related("procedure__project", "group")
        .annotate(weighed=Exists(Concern.objects.filter(statement=OuterRef("pk")).exclude(decision="")))
        .order_by("procedure_id", "number")
    )
    procedures = {s.procedure_id: s.procedure for s in rows}
    return {
        "ready": [s for s in rows if s.group_id is None and not s.weighed],
        "grouped": [s for s in rows if s.group_id is not None],
        "weighed": [s for s in rows if s.group_id is None and s.weighed],
        "groups": list({s.group_id: s.group for s in rows if s.group_id is not None}.values()),
        "procedure": next(iter(procedures.values())) if len(procedures) == 1 else None,
        "procedures": len(procedures),
        "total": len(rows),
    }
