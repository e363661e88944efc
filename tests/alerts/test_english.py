"""Alerts in English: pages and the confirmation mail, not only the event lines (templates were German once)."""

import pytest
from django.conf import settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_subscribe_page_and_confirmation_mail_in_english(
    english, stadtteile, mailoutbox, django_capture_on_commit_callbacks
):
    page = english.get("/benachrichtigungen/").content.decode()
    assert "Find out when something is being planned near you" in page
    assert "Draw an area" in page
    assert "Erfahren Sie" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            "/benachrichtigungen/",
            {"email": "reader@example.org", "area_kind": "stadtteil", "stadtteil": stadtteile[2].slug,
             "frequency": "daily"},
        )  # fmt: skip
    assert "Almost done" in response.content.decode()
    [mail] = mailoutbox
    assert "Please confirm them here" in mail.body
    assert "bestätigen" not in mail.body


def test_manage_page_in_english(english, stadtteile):
    english.force_login(UserFactory())
    english.post(
        "/benachrichtigungen/", {"area_kind": "stadtteil", "stadtteil": stadtteile[2].slug, "frequency": "daily"}
    )
    page = english.get("/benachrichtigungen/verwalten/").content.decode()
    assert "My alerts" in page
    assert "Change area" in page
    assert "Meine Benachrichtigungen" not in page
