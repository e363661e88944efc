"""The text sources of the overview: one adapter per kind of contribution, all in this module.

The overview reads the other apps (DESIGN.md: like the dashboard, it reads from all of them and nothing
imports it). Each adapter turns one app's rows into TextItems with `values()` queries, so a run over
100,000 contributions builds no model instances. A new kind of contribution (the formal statements of
Bauleitplanung) is one more adapter registered with `register`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bauleitplanung.models import Statement
from feedback.models import Feedback
from proposals.models import Comment, Idea
from surveys.models import Answer, Question


@dataclass(frozen=True)
class TextItem:
    source: str  # the adapter's name
    object_id: int
    text: str
    # What the texts are grouped within: "Vorhaben: …", "Umfrage: …", "Verfahren: …", "Ideen ohne Vorhaben".
    # Stored data, so written in German whatever the language of the job (the review page links with it).
    scope: str
    stadtteil: int | None  # the Stadtteil's number (1–18), where the contribution has one
    created_at: datetime
    url: str  # where staff read the contribution in full ("" when there is no page for it)
    # The person behind it, for geo.disclosure's record keys: the account, or minus the survey response.
    person: int | None = None


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    items: Callable[..., Iterator[TextItem]]  # all of them, or only those with the ids given
    latest: Callable[[], datetime | None]  # when the newest text of this source was written
    # Where staff decide once for a whole group (the feedback Abwägung), the adapter names it.
    decidable: bool = False
    # Texts of personal sources (statements) are shown only to those with the owning app's rule.
    perm: str = ""


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.name] = source
    return source


CHUNK = 5_000


def _only(rows, ids: list[int] | None):
    return rows if ids is None else rows.filter(pk__in=ids)


def _ideas(ids: list[int] | None = None) -> Iterator[TextItem]:
    rows = Idea.objects.filter(visibility=Idea.Visibility.PUBLISHED).values_list(
        "id", "title", "description", "project__title", "stadtteil__number", "created_at", "author_id"
    )
    for pk, title, description, project, stadtteil, created, person in _only(rows, ids).iterator(chunk_size=CHUNK):
        scope = f"Vorhaben: {project}" if project else "Ideen ohne Vorhaben"
        url = reverse("proposals:detail", kwargs={"pk": pk})
        yield TextItem("idea", pk, f"{title}\n\n{description}", scope, stadtteil, created, url, person)


def _comments(ids: list[int] | None = None) -> Iterator[TextItem]:
    rows = Comment.objects.filter(is_hidden=False, idea__visibility=Idea.Visibility.PUBLISHED).values_list(
        "id", "text", "idea_id", "idea__project__title", "idea__stadtteil__number", "created_at", "author_id"
    )
    for pk, text, idea_id, project, stadtteil, created, person in _only(rows, ids).iterator(chunk_size=CHUNK):
        scope = f"Vorhaben: {project}" if project else "Ideen ohne Vorhaben"
        url = reverse("proposals:detail", kwargs={"pk": idea_id}) + f"#kommentar-{pk}"
        yield TextItem("comment", pk, text, scope, stadtteil, created, url, person)


def _feedback(ids: list[int] | None = None) -> Iterator[TextItem]:
    rows = Feedback.objects.exclude(
        visibility__in=[Feedback.Visibility.REJECTED, Feedback.Visibility.HIDDEN]
    ).values_list(
        "id", "text", "project__title", "project__slug", "feature_id", "stadtteil__number", "created_at", "author_id"
    )
    for pk, text, project, slug, feature_id, stadtteil, created, person in _only(rows, ids).iterator(chunk_size=CHUNK):
        url = reverse("feedback:feature", kwargs={"slug": slug, "feature_id": feature_id})
        yield TextItem("feedback", pk, text, f"Vorhaben: {project}", stadtteil, created, url, person)


def _survey_answers(ids: list[int] | None = None) -> Iterator[TextItem]:
    rows = (
        Answer.objects.filter(question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .annotate(survey_title=F("question__survey__title"), person=Coalesce("response__user_id", -F("response_id")))
        .values_list("id", "text", "survey_title", "response__stadtteil__number", "response__created_at", "person")
    )
    for pk, text, survey, stadtteil, created, person in _only(rows, ids).iterator(chunk_size=CHUNK):
        # Free-text answers have no public page: staff read them in the survey's results.
        yield TextItem("answer", pk, text, f"Umfrage: {survey}", stadtteil, created, "", person)


def _statements(ids: list[int] | None = None) -> Iterator[TextItem]:
    rows = Statement.objects.values_list(
        "id", "text", "procedure__project__title", "received_at", "author_id", "procedure__project__slug", "number"
    )
    for pk, text, project, received, person, slug, number in _only(rows, ids).iterator(chunk_size=CHUNK):
        # Statements carry no Stadtteil; they are read in the procedure's own staff page (view_statements).
        url = reverse("bauleitplanung:statement", kwargs={"slug": slug, "number": number})
        yield TextItem("statement", pk, text, f"Verfahren: {project}", None, received, url, person)


def _newest(queryset, field: str = "created_at") -> Callable[[], datetime | None]:
    return lambda: queryset.aggregate(newest=Max(field))["newest"]


register(Source("idea", _("Ideen"), _ideas, _newest(Idea.objects)))
register(Source("comment", _("Kommentare"), _comments, _newest(Comment.objects)))
register(Source("feedback", _("Rückmeldungen zu Planinhalten"), _feedback, _newest(Feedback.objects), decidable=True))
register(
    Source(
        "answer", _("Freitext-Antworten in Umfragen"), _survey_answers,
        _newest(Answer.objects.filter(question__kind=Question.Kind.TEXT), "response__updated_at"),
        perm="surveys.view_exact_answers",
    )
)  # fmt: skip
register(
    Source(
        "statement", _("Stellungnahmen"), _statements, _newest(Statement.objects),
        perm="bauleitplanung.view_statements",
    )
)  # fmt: skip


def all_items() -> Iterator[TextItem]:
    for source in SOURCES.values():
        yield from source.items()


def items_of(members: list[list]) -> list[TextItem]:
    """The current items of stored [source, id] pairs (a topic's texts), by the same adapters as a run.

    An entry deleted, hidden or withdrawn since the run is simply not among them.
    """
    ids: dict[str, list[int]] = {}
    for source, object_id in members:
        ids.setdefault(source, []).append(object_id)
    return [item for source, wanted in ids.items() if source in SOURCES for item in SOURCES[source].items(wanted)]
