"""The cheap paths of issue 22 (docs/performance.md, "Cost per request"): the same answers as the full paths, in
fewer queries. The lean API views answer the common request without DRF and hand every other one to DRF."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from proposals import selectors, services
from proposals.apis.ideas import IdeaCollectionApi
from proposals.models import Comment, Idea, Support
from proposals.selectors.ideas import _map_page_ids
from proposals.services.clusters import cells_rebuild
from tests.factories import IdeaFactory, UserFactory, api_key

pytestmark = pytest.mark.django_db

LIST = "/api/v1/ideas/"


def _support_url(idea) -> str:
    return reverse("api:idea-support", args=[idea.pk])


# --- a support -------------------------------------------------------------------------------------------------


def test_a_support_is_one_statement_and_writes_once(client, django_assert_num_queries):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    # session, user (with the verified address the rule asks: accounts.middleware), the one statement (insert,
    # counter); and here, inside the test's transaction, the service's atomic block as SAVEPOINT and RELEASE
    # (BEGIN and COMMIT in production)
    with django_assert_num_queries(5):
        assert client.post(_support_url(idea)).json() == {"supported": True, "support_count": 1}
    with django_assert_num_queries(5):
        assert client.post(_support_url(idea)).json() == {"supported": True, "support_count": 1}
    with django_assert_num_queries(5):
        response = client.delete(_support_url(idea))
    assert response.json() == {"supported": False, "support_count": 0}
    assert response["Allow"] == "POST, DELETE, OPTIONS"  # as DRF answered
    idea.refresh_from_db()
    assert idea.support_count == Support.objects.filter(idea=idea).count() == 0


def test_the_lean_support_checks_csrf_like_drf():
    idea = IdeaFactory()
    user = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    refused = browser.post(_support_url(idea))
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]  # DRF's own answer: the request went to DRF
    assert not Support.objects.exists()
    browser.get(idea.get_absolute_url())  # sets the CSRF cookie, as the page does
    token = browser.cookies["csrftoken"].value
    assert browser.post(_support_url(idea), headers={"X-CSRFToken": token}).status_code == 200
    assert Support.objects.filter(idea=idea, user=user).exists()


def test_support_refusals_are_drf_answers_in_the_users_language(client):
    pending = IdeaFactory(visibility=Idea.Visibility.PENDING)
    idea = IdeaFactory()
    assert client.post(_support_url(idea)).status_code == 403  # signed out: DRF's IsAuthenticated
    client.force_login(UserFactory())
    missing = client.post(_support_url(pending), HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}
    assert client.delete(_support_url(pending)).status_code == 404
    client.force_login(UserFactory(verified=False))
    with translation.override("en"):
        unverified = client.post(_support_url(idea), HTTP_ACCEPT_LANGUAGE="en")
    assert unverified.status_code == 403
    assert unverified.json() == {"detail": "You do not have permission to perform this action."}
    assert not Support.objects.exists()


def test_withdrawing_from_an_idea_hidden_since_leaves_its_supports(client):
    idea = IdeaFactory()
    user = UserFactory()
    services.support_add(idea=idea, user=user)
    Idea.objects.filter(pk=idea.pk).update(visibility=Idea.Visibility.HIDDEN)
    client.force_login(user)
    assert client.delete(_support_url(idea)).status_code == 404
    assert Support.objects.filter(idea=idea, user=user).exists()  # rolled back with the 404
    assert services.support_remove(idea=idea, user=user) == 0  # the page's own button may (staff, author)


def test_a_token_goes_through_drf_and_still_supports(client):
    idea = IdeaFactory()
    user = UserFactory()
    headers = {"authorization": f"Token {api_key(user)}"}
    assert client.post(_support_url(idea), headers=headers).json() == {"supported": True, "support_count": 1}
    reader = {"authorization": f"Token {api_key(user, scope='gis_read')}"}
    assert client.delete(_support_url(idea), headers=reader).status_code == 403  # the scope, checked by DRF
    assert Support.objects.filter(idea=idea, user=user).exists()


def test_a_support_still_renews_the_dashboards_supports(client):
    """The statement writes the row without the ORM; the signal the dashboard's cache listens for still goes."""
    from dashboard import cache as dashboard_cache

    idea = IdeaFactory()
    user = UserFactory()
    before = dashboard_cache.versions([dashboard_cache.SUPPORTS])[0]
    services.support_add(idea=idea, user=user)
    services.support_add(idea=idea, user=user)  # no new row: no bump
    after_add = dashboard_cache.versions([dashboard_cache.SUPPORTS])[0]
    services.support_remove(idea=idea, user=user)
    assert (after_add, dashboard_cache.versions([dashboard_cache.SUPPORTS])[0]) == (before + 1, before + 2)


# --- the ideas list ----------------------------------------------------------------------------------------------


def _drf_answer(path: str, query: dict):
    """The DRF view's own answer (without the middleware, which adds the same headers to both)."""
    request = RequestFactory().get(path, query, HTTP_HOST="testserver")
    request.user = AnonymousUser()
    return IdeaCollectionApi.as_view()(request)


QUERIES = [
    {},
    {"limit": "2"},
    {"bbox": "7.0,49.0,8.5,50.0", "limit": "3"},
    {"bbox": "7.0,49.0,8.5,50.0", "category": "gruen,verkehr", "limit": "2", "offset": "1"},
    {"category": " gruen , ", "limit": "5"},
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_lean_list_answers_what_drf_answers(client, stadtteile, query, django_assert_num_queries):
    IdeaFactory.create_batch(4)
    cells_rebuild()
    full = _drf_answer(LIST, query)
    with django_assert_num_queries(2):  # the cells' estimate and the page
        lean = client.get(LIST, query)
    assert lean.content == full.content
    assert (lean.status_code, lean["Content-Type"], lean["Allow"]) == (
        full.status_code,
        full["Content-Type"],
        full["Allow"],
    )
    assert full["Vary"] == "Accept"
    assert "Accept" in lean["Vary"].split(", ")


def test_the_maps_request_does_not_reach_drf(client, monkeypatch):
    IdeaFactory()

    def drf(*_args, **_kwargs):
        raise AssertionError("went through DRF")

    monkeypatch.setattr(IdeaCollectionApi, "get", drf)
    for query in QUERIES:
        assert client.get(LIST, query).status_code == 200
    with pytest.raises(AssertionError, match="DRF"):
        client.get(LIST, {"district": "3"})  # the test can see the other way


def test_the_lean_support_does_not_reach_drf(client, monkeypatch):
    from proposals.apis.participation import IdeaSupportApi

    def drf(*_args, **_kwargs):
        raise AssertionError("went through DRF")

    monkeypatch.setattr(IdeaSupportApi, "post", drf)
    monkeypatch.setattr(IdeaSupportApi, "delete", drf)
    idea = IdeaFactory()
    client.force_login(UserFactory())
    assert client.post(_support_url(idea)).status_code == 200
    assert client.delete(_support_url(idea)).status_code == 200


def test_the_lean_list_pages_by_key_to_the_end(client, stadtteile):
    ideas = IdeaFactory.create_batch(5)
    body = client.get(LIST, {"limit": 2, "bbox": "7.0,49.0,8.5,50.0"}).json()
    seen = [f["id"] for f in body["features"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [f["id"] for f in body["features"]]
    assert seen == sorted((i.pk for i in ideas), reverse=True)


def test_the_next_link_keeps_the_request_s_parameters_as_django_encodes_them(client, stadtteile):
    from proposals.models import Category

    IdeaFactory.create_batch(3, category=Category.objects.get(slug="gruen"))
    query = {"category": "gruen,verkehr", "bbox": "7.0,49.0,8.5,50.0", "offset": "1", "limit": "1"}
    body = client.get(LIST, query).json()
    expected = QueryDict(mutable=True)
    expected.update(query)
    expected.pop("offset")
    expected["after"] = key = body["features"][0]["id"]
    assert body["next"] == f"http://testserver{LIST}?{expected.urlencode()}"
    assert body["next"].endswith(f"?category=gruen%2Cverkehr&bbox=7.0%2C49.0%2C8.5%2C50.0&limit=1&after={key}")


def test_other_filters_and_types_go_to_drf(client, stadtteile):
    IdeaFactory(stadtteil=stadtteile[3])
    IdeaFactory(stadtteil=stadtteile[7])
    assert len(client.get(LIST, {"district": 3}).json()["features"]) == 1
    assert client.get(LIST, HTTP_ACCEPT="text/html").status_code == 406  # DRF's negotiation, as before
    assert client.get(LIST, HTTP_ACCEPT="application/geo+json").status_code == 200


@pytest.mark.parametrize("window", [None, 3])
@pytest.mark.parametrize(
    "filters",
    [
        selectors.IdeaFilter(),
        selectors.IdeaFilter(bbox=(7.0, 49.0, 8.5, 50.0)),
        selectors.IdeaFilter(bbox=(7.0, 49.0, 8.5, 50.0), categories=["gruen"]),
        selectors.IdeaFilter(categories=["gruen", "verkehr"]),
    ],
)
def test_the_written_out_map_statement_reads_what_the_orm_reads(filters, window, stadtteile):
    """proposals.selectors.ideas._map_page_ids against idea_public_page, the ORM's list, for every shape."""
    from django.db import connection

    from proposals.models import Category

    gruen, verkehr = Category.objects.get(slug="gruen"), Category.objects.get(slug="verkehr")
    IdeaFactory.create_batch(4, category=gruen)
    IdeaFactory.create_batch(3, category=verkehr)
    IdeaFactory(visibility=Idea.Visibility.HIDDEN, category=gruen)
    key = Idea.objects.public().order_by("-created_at", "-id")[1].pk
    if window is not None and not filters.bbox:
        return  # the walk is only for a bbox
    for after, offset in ((None, 0), (None, 2), (key, 0), (key, 1)):
        expected = list(
            selectors.idea_public_page(filters, after=after).values_list("id", flat=True)[offset : offset + 3]
        )
        if window is not None:  # the walk reads the newest `window` ideas only
            newest = selectors.idea_public_page(filters.__class__(categories=filters.categories), after=after)
            within = set(newest.values_list("id", flat=True)[:window])
            expected = [pk for pk in selectors.idea_public_page(filters, after=after).values_list("id", flat=True)
                        if pk in within][offset : offset + 3]  # fmt: skip
        sql, params = _map_page_ids(filters, limit=3, after=after, offset=offset, window=window)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            assert [row[0] for row in cursor.fetchall()] == expected


# --- the idea page ------------------------------------------------------------------------------------------------


@pytest.fixture
def fragments_on(settings):
    settings.IDEA_FRAGMENT_SECONDS = 60  # longer than any test: only a new version may show a change


def test_a_signed_in_idea_page_reads_three_rows_when_it_is_cached(client, fragments_on, django_assert_num_queries):
    idea = IdeaFactory()
    services.comment_create(idea=idea, author=UserFactory(), text="Gute Idee")
    client.force_login(UserFactory())
    first = client.get(idea.get_absolute_url())
    # session, user (with their roles: accounts.middleware), the idea's head (with their support and follow)
    with django_assert_num_queries(3):
        again = client.get(idea.get_absolute_url())
    assert again.content.decode().count("Gute Idee") == first.content.decode().count("Gute Idee") == 1


def test_what_people_do_shows_at_once_through_the_cache(client, fragments_on, planner, moderator):
    idea = IdeaFactory()
    citizen = UserFactory()
    client.force_login(citizen)
    url = idea.get_absolute_url()
    assert "Noch keine Kommentare." in client.get(url).content.decode()
    # The counter and the personal buttons are never cached.
    client.post(reverse("proposals:support", args=[idea.pk]))
    page = client.get(url).content.decode()
    assert "1 Person unterstützt diese Idee" in page
    assert "Unterstützung zurückziehen" in page
    # A comment, a status with an answer, a hidden comment: each a new version.
    client.post(reverse("proposals:comment", args=[idea.pk]), {"text": "Erster Kommentar"})
    assert "Erster Kommentar" in client.get(url).content.decode()
    services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.REVIEW, answer="Wir prüfen das.")
    assert "Wir prüfen das." in client.get(url).content.decode()
    services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.SUBMITTED)
    services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.REVIEW)
    assert client.get(url).content.decode().count("in Prüfung") == 3  # the status and two lines of history
    services.comment_hide(comment=Comment.objects.get(), actor=moderator, reason="Beleidigend")
    assert "Erster Kommentar" not in client.get(url).content.decode()
    services.idea_hide(idea=idea, actor=moderator, reason="Doppelt eingereicht")
    assert client.get(url).status_code == 404


def test_each_visitor_gets_their_own_csrf_token_in_the_cached_comments(fragments_on):
    idea = IdeaFactory()
    top = services.comment_create(idea=idea, author=UserFactory(), text="Gute Idee")
    tokens = []
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(UserFactory())
        html = browser.get(idea.get_absolute_url()).content.decode()
        assert "@@klmw" not in html
        reply = html.split('name="parent"')[0].rsplit('name="csrfmiddlewaretoken" value="', 1)[1].split('"')[0]
        tokens.append(reply)
        data = {"text": "Eine Antwort", "parent": top.pk, "csrfmiddlewaretoken": reply}
        assert browser.post(reverse("proposals:comment", args=[idea.pk]), data).status_code == 302  # 403 otherwise
    assert tokens[0] != tokens[1]
    assert Comment.objects.filter(parent=top).count() == 2


def test_moderators_get_their_own_comment_list(client, fragments_on, moderator):
    idea = IdeaFactory()
    services.comment_create(idea=idea, author=UserFactory(), text="Gute Idee")
    client.force_login(UserFactory())
    assert "Kommentar ausblenden" not in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert "Kommentar ausblenden" in client.get(idea.get_absolute_url()).content.decode()


@override_settings(LANGUAGE_CODE="de")
def test_the_cached_part_follows_the_language(client, fragments_on):
    idea = IdeaFactory()
    assert "Verlauf" in client.get(idea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(idea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "History" in english
    assert "Verlauf" not in english
