"""The idea page of the common visitor, put together from the frame and the cached parts (proposals.views.detail,
docs/performance.md "Signed in" and "Vote week: the idea page outside the cache"): the same bytes and headers as
the page rendered for the request, for every kind of visitor and idea; only the CSRF token (each visitor's own)
and the support count are filled in per request."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from proposals import services
from proposals.models import Idea
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _same_page(response) -> tuple:
    """What a visitor gets, with the CSRF token (new on every request) left out."""
    headers = {k: v for k, v in response.headers.items() if k != "Content-Length"}
    return response.status_code, headers, TOKEN.sub("TOKEN", response.content.decode())


def _views(settings, browser: Client, url: str, **headers) -> list:
    """The page rendered for the request, then twice through the cache (rendered with the marks, then read)."""
    settings.IDEA_FRAGMENT_SECONDS = 0
    pages = [_same_page(browser.get(url, headers=headers))]
    settings.IDEA_FRAGMENT_SECONDS = 60
    pages += [_same_page(browser.get(url, headers=headers)) for _ in range(2)]
    return pages


@pytest.fixture
def idea(planner):
    idea = IdeaFactory()
    top = services.comment_create(idea=idea, author=UserFactory(), text="Gute Idee")
    services.comment_create(idea=idea, author=UserFactory(), text="Finde ich auch", parent=top)
    services.idea_set_status(idea=idea, actor=planner, status=Idea.Status.REVIEW, answer="Wir prüfen das.")
    return idea


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("visitor", ["anonymous", "citizen", "supporter", "unverified"])
def test_the_cached_page_is_the_rendered_page(settings, idea, visitor, language):
    browser = Client()
    if visitor != "anonymous":
        user = UserFactory(verified=visitor != "unverified")
        browser.force_login(user)
        if visitor == "supporter":
            services.support_add(idea=idea, user=user)
            services.follow_set(idea=idea, user=user, follow=True)
    pages = _views(settings, browser, idea.get_absolute_url(), accept_language=language)
    assert pages[0][0] == 200
    assert pages[1] == pages[0]
    assert pages[2] == pages[0]
    assert "@@klmw" not in pages[0][2]
    if visitor != "anonymous":
        assert pages[0][2].count("TOKEN") >= 4  # support, follow, comment, reply, report, sign-out


def test_the_author_sees_their_pending_idea_as_rendered(settings, citizen):
    pending = IdeaFactory(author=citizen, visibility=Idea.Visibility.PENDING)
    browser = Client()
    browser.force_login(citizen)
    pages = _views(settings, browser, pending.get_absolute_url())
    assert pages[0][0] == 200
    assert pages[1] == pages[2] == pages[0]


def test_the_support_count_is_never_cached(settings, idea):
    settings.IDEA_FRAGMENT_SECONDS = 60
    browser = Client()
    browser.force_login(UserFactory())
    assert "0 Personen unterstützen diese Idee" in browser.get(idea.get_absolute_url()).content.decode()
    for _ in range(2):  # moves no version
        services.support_add(idea=idea, user=UserFactory())
    assert "2 Personen unterstützen diese Idee" in browser.get(idea.get_absolute_url()).content.decode()


def test_a_message_is_shown_once_and_the_page_after_it_is_the_cached_one(settings, idea, citizen):
    settings.IDEA_FRAGMENT_SECONDS = 60
    browser = Client()
    browser.force_login(citizen)
    browser.get(idea.get_absolute_url())
    browser.post(reverse("proposals:support", args=[idea.pk]))
    assert "Danke für Ihre Unterstützung!" in browser.get(idea.get_absolute_url()).content.decode()
    cached = browser.get(idea.get_absolute_url())
    assert "Danke für Ihre Unterstützung!" not in cached.content.decode()
    settings.IDEA_FRAGMENT_SECONDS = 0
    assert _same_page(cached) == _same_page(browser.get(idea.get_absolute_url()))


def test_a_query_string_reaches_the_language_links(settings, idea, citizen):
    settings.IDEA_FRAGMENT_SECONDS = 60
    browser = Client()
    browser.force_login(citizen)
    browser.get(idea.get_absolute_url())  # the page without a query string is in the cache now
    page = browser.get(idea.get_absolute_url(), {"von": "karte"}).content.decode()
    assert f"next={idea.get_absolute_url()}%3Fvon%3Dkarte" in page


def test_the_cached_page_follows_the_visitors_own_support_and_follow(settings, idea, citizen):
    settings.IDEA_FRAGMENT_SECONDS = 60
    browser = Client()
    browser.force_login(citizen)
    assert "Unterstützung zurückziehen" not in browser.get(idea.get_absolute_url()).content.decode()
    other = Client()
    other.force_login(UserFactory())
    other.post(reverse("proposals:support", args=[idea.pk]))
    other.post(reverse("proposals:follow", args=[idea.pk]))
    page = other.get(idea.get_absolute_url()).content.decode()
    assert "Unterstützung zurückziehen" in page
    assert "Nicht mehr folgen" in page
    page = browser.get(idea.get_absolute_url()).content.decode()
    assert "Unterstützung zurückziehen" not in page
    assert "Nicht mehr folgen" not in page


def test_a_hidden_comment_stays_hidden_when_a_new_one_brings_the_count_back(settings, idea, moderator):
    """Hiding one comment and adding another leaves the count as it was: the cached page of before the hide
    must not come back (it shows the hidden text to everyone, and not the new comment)."""
    settings.IDEA_FRAGMENT_SECONDS = 60
    browser = Client()
    browser.force_login(UserFactory())
    secret = services.comment_create(idea=idea, author=UserFactory(), text="Meine Telefonnummer 0631 123")
    assert "0631 123" in browser.get(idea.get_absolute_url()).content.decode()
    services.comment_hide(comment=secret, actor=moderator, reason="Persönliche Daten")
    services.comment_create(idea=idea, author=UserFactory(), text="Eine neue Meinung")
    page = browser.get(idea.get_absolute_url()).content.decode()
    assert "0631 123" not in page
    assert "Eine neue Meinung" in page
