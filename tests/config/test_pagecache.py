"""The page cache for visitors without a session (config/pagecache.py): what it shares, what stays personal,
and the freshness it promises (a new published idea on the cached pages within PAGE_CACHE_SECONDS = 5 s)."""

import re
import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.factories import IdeaFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=5):
        yield
    cache.clear()


def test_an_anonymous_page_is_rendered_once_and_then_served_from_the_cache(client, django_assert_num_queries):
    IdeaFactory(title="Bank am Weiher")
    first = client.get("/ideen/")
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = Client().get("/ideen/")
    assert second["X-Page-Cache"] == "hit"
    assert "Bank am Weiher" in second.content.decode()
    # The same page but for the CSRF token of its forms.
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works():
    # A page with a form for visitors without an account: an anonymous survey (the header has no form).
    QuestionFactory(survey=SurveyFactory(slug="offen", access="anonymous"), kind="text", text="Was fehlt?")
    client = Client(enforce_csrf_checks=True)
    Client().get("/umfragen/offen/")  # someone else renders the page
    page = client.get("/umfragen/offen/")
    assert page["X-Page-Cache"] == "hit"
    tokens = set(TOKEN.findall(page.content.decode()))
    assert len(tokens) == 1
    assert "@@" not in tokens.pop()
    assert "csrftoken" in page.cookies  # set for this visitor, as a rendered page would
    token = TOKEN.search(page.content.decode()).group(1)
    changed = client.post("/i18n/setlang/", {"language": "en", "next": "/ideen/", "csrfmiddlewaretoken": token})
    assert changed.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/umfragen/offen/")
    assert stranger.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token}).status_code == 403


def test_a_new_idea_shows_on_the_cached_pages_within_five_seconds(client, monkeypatch):
    assert "Neue Bank" not in client.get("/ideen/").content.decode()
    IdeaFactory(title="Neue Bank")
    assert "Neue Bank" not in client.get("/ideen/").content.decode()  # the cached page, up to 5 s old
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 5.01)
    assert "Neue Bank" in client.get("/ideen/").content.decode()


def test_languages_are_cached_apart(client):
    german = client.get("/ideen/", HTTP_ACCEPT_LANGUAGE="de")
    english = client.get("/ideen/", HTTP_ACCEPT_LANGUAGE="en")
    english_again = Client().get("/ideen/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert english_again["X-Page-Cache"] == "hit"
    assert '<html lang="en"' in english_again.content.decode()
    assert english_again["Content-Language"] == "en"


def test_signed_in_visitors_and_pending_messages_are_never_served_from_the_cache(client):
    Client().get("/ideen/")
    user = UserFactory()
    client.force_login(user)
    page = client.get("/ideen/")
    assert "X-Page-Cache" not in page
    assert "Abmelden" in page.content.decode()
    client.logout()
    with_message = Client()
    with_message.cookies["messages"] = "x"
    assert "X-Page-Cache" not in with_message.get("/ideen/")


def test_only_the_listed_public_pages_are_cached(client):
    client.get("/konto/login/")
    assert "X-Page-Cache" not in Client().get("/konto/login/")
    assert "X-Page-Cache" not in Client().get("/ideen/?seite=9999")  # a 404 is not stored


def test_without_redis_the_pages_are_rendered(client, monkeypatch):
    def down(*args, **kwargs):
        raise RedisConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    response = client.get("/ideen/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
