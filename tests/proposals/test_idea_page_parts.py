"""The idea page on a cache miss (proposals.views.detail, docs/performance.md "Load test"): the two parts written
out in Python (proposals.views.parts) are the bytes the templates render, for every branch; the frame's marks
are filled in exactly; and the page costs a fixed number of statements, whatever the number of comments."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from proposals import selectors, services
from proposals.models import Idea
from proposals.views import detail, parts
from tests.factories import IdeaFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

MARK = "@@csrf@@"


def _rich(planner, moderator) -> Idea:
    """Every branch of the page at once: HTML in the texts, a project, a photo, an answer, a history with and
    without an answer, comments with replies, a hidden comment with a reply under it, a hidden reply."""
    idea = IdeaFactory(
        title="<b>Bänke</b> & \"Schatten\" 'hier'",
        description="Zeile eins\n\nZeile <zwei>\nund drei",
        project=ProjectFactory(title="Vorhaben <A>"),
    )
    first = services.comment_create(idea=idea, author=UserFactory(display_name="Anna <A>"), text="Gut\nwirklich")
    services.comment_create(idea=idea, author=UserFactory(display_name=""), text="Antwort <1>", parent=first)
    services.comment_create(idea=idea, author=UserFactory(), text="Antwort 2", parent=first)
    hidden = services.comment_create(idea=idea, author=UserFactory(), text="Telefon 0631 123")
    services.comment_create(idea=idea, author=UserFactory(), text="Antwort darunter", parent=hidden)
    services.comment_hide(comment=hidden, actor=moderator, reason="Persönliche Daten")
    third = services.comment_create(idea=idea, author=UserFactory(), text="Dritter")
    reply = services.comment_create(idea=idea, author=UserFactory(), text="Versteckt", parent=third)
    services.comment_hide(comment=reply, actor=moderator, reason="Persönliche Daten")
    services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.REVIEW, answer="Wir prüfen <das>.")
    services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.ACCEPTED, answer="")
    Idea.objects.filter(pk=idea.pk).update(photo="ideen/foto.jpg")
    return idea


def _ideas(planner, moderator) -> list[Idea]:
    one = IdeaFactory()
    services.comment_create(idea=one, author=UserFactory(), text="Nur einer")
    return [
        _rich(planner, moderator),
        IdeaFactory(),  # no comment, no project, no history
        one,
        IdeaFactory(visibility=Idea.Visibility.PENDING),
        IdeaFactory(visibility=Idea.Visibility.REJECTED, moderation_reason="Nicht <ok>"),
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_parts_are_the_templates_output(planner, moderator, language):
    ideas = _ideas(planner, moderator)
    for user in (AnonymousUser(), UserFactory()):
        for idea in ideas:
            page = selectors.idea_page(idea.pk)
            context = {
                "idea": page, "user": user, "can_moderate": False, "request": None, "csrf_token": MARK,
                "map_point": page.map_point,
            }  # fmt: skip
            with translation.override(language):
                body = parts.body(page, page.map_point)
                comments = parts.comments(page, signed_in=user.is_authenticated, csrf=MARK)
                assert body == render_to_string("proposals/_idea_body.html", context)
                assert comments == render_to_string("proposals/_idea_comments.html", context)
    rich = selectors.idea_page(ideas[0].pk)
    assert [c.text for c in rich.top_comments] == ["Gut\nwirklich", "Dritter"]
    assert [r.text for r in rich.top_comments[0].shown_replies] == ["Antwort <1>", "Antwort 2"]
    assert rich.top_comments[1].shown_replies == []
    assert [(c.status, c.answer) for c in rich.history] == [("in_pruefung", "Wir prüfen <das>."), ("angenommen", "")]


def test_idea_page_reads_what_idea_visible_reads(planner, moderator):
    idea = _rich(planner, moderator)
    fast, orm = selectors.idea_page(idea.pk), selectors.idea_visible(idea.pk, UserFactory())
    fields = ("title", "description", "photo", "status", "official_answer", "answered_at", "created_at", "visibility")
    assert [getattr(fast, f) for f in fields] == [getattr(orm, f) for f in fields]
    assert (fast.category.name, fast.stadtteil.name, fast.project.title, fast.author.public_name) == (
        orm.category.name, orm.stadtteil.name, orm.project.title, orm.author.public_name,
    )  # fmt: skip
    assert fast.map_point == {"lon": orm.location.x, "lat": orm.location.y}
    assert [(c.pk, c.created_at, c.author.public_name) for c in fast.top_comments] == [
        (c.pk, c.created_at, c.author.public_name) for c in orm.top_comments
    ]
    assert [[r.pk for r in c.shown_replies] for c in fast.top_comments] == [
        [r.pk for r in c.replies.all()] for c in orm.top_comments
    ]
    assert [(h.status, h.created_at) for h in fast.history] == [(h.status, h.created_at) for h in orm.history]
    assert selectors.idea_page(10**9) is None


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_frame_takes_any_key(settings, signed_in, monkeypatch):
    """The key's mark is a number no other part of the frame contains: framed with another number, the frame
    is the same text with that number in its place."""
    settings.IDEA_FRAGMENT_SECONDS = 60
    idea = IdeaFactory()
    browser = Client()
    if signed_in:
        browser.force_login(UserFactory())
    browser.get(idea.get_absolute_url())
    (key, first), *_ = detail._frames.items()
    assert len(detail._frames) == 1
    detail._frames.clear()
    monkeypatch.setattr(detail, "_KEY_MARK", 4_200_000_000_000_000_017)
    browser.get(idea.get_absolute_url())
    assert detail._frames[key] == first.replace("7310000000000000137", "4200000000000000017")
    assert "7310000000000000137" in first


def test_a_miss_is_four_statements_whatever_the_comments(settings, django_assert_num_queries):
    """Signed in, with the session and the user read: the idea's head, then on a miss the idea with its comments
    and history in one statement (the ORM's version read the idea, the comments, their replies and the
    history: four)."""
    settings.IDEA_FRAGMENT_SECONDS = 60
    idea = IdeaFactory()
    for n in range(3):
        top = services.comment_create(idea=idea, author=UserFactory(), text=f"Kommentar {n}")
        services.comment_create(idea=idea, author=UserFactory(), text="Antwort", parent=top)
    browser = Client()
    browser.force_login(UserFactory())
    browser.get("/healthz")
    with django_assert_num_queries(4):
        assert browser.get(idea.get_absolute_url()).status_code == 200
    with django_assert_num_queries(3):  # a hit: the head only
        assert browser.get(idea.get_absolute_url()).status_code == 200


def test_a_key_beyond_the_keys_type_is_not_found(client):
    assert client.get("/ideen/99999999999999999999/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/ideen/99999999999999999999/").status_code == 404


def test_the_statements_are_prepared_once_per_connection_and_again_after_a_failure(django_assert_num_queries):
    from django.db import DatabaseError, connection, transaction

    from edge import prepared

    idea = IdeaFactory()
    prepared._prepared.clear()
    with django_assert_num_queries(1):  # PREPARE and EXECUTE in one round trip
        assert selectors.idea_page(idea.pk).title == idea.title
    with django_assert_num_queries(1) as queries:
        assert selectors.idea_page(idea.pk).title == idea.title
    assert queries.captured_queries[0]["sql"].startswith("EXECUTE klmw_idea_page_")
    # A prepared statement that vanished (DEALLOCATE ALL): the call fails, the next one prepares anew.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        selectors.idea_page(idea.pk)
    assert selectors.idea_page(idea.pk).title == idea.title
