"""Hole 8: following sends e-mails, so it needs a confirmed address and has a limit; reporting has a limit.

Every limit answers the same way: 429, Retry-After, and a message that says how long to wait."""

import datetime

import time_machine
from django.test import override_settings
from django.urls import reverse

from feedback.models import FeedbackFollow
from proposals.models import Follow, Report
from tests.factories import IdeaFactory, ProjectFactory, UserFactory

RATES = {"create": "9/h", "support": "9/m", "comment": "9/h", "report": "2/h", "follow": "2/h"}
NOW = datetime.datetime(2026, 11, 30, 12, 0, 1, tzinfo=datetime.UTC)


def test_following_an_idea_or_a_project_needs_a_confirmed_address(client, db):
    idea, project = IdeaFactory(), ProjectFactory()
    client.force_login(UserFactory(verified=False))
    response = client.post(reverse("proposals:follow", args=[idea.pk]), follow=True)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse." in response.content.decode()
    response = client.post(reverse("feedback:follow", args=[project.slug]), {"follow": "1"}, follow=True)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse." in response.content.decode()
    assert not Follow.objects.exists()
    assert not FeedbackFollow.objects.exists()


@override_settings(PROPOSALS_RATE_LIMITS=RATES, FEEDBACK_RATE_LIMITS={**RATES, "follow": "2/h"})
@time_machine.travel(NOW, tick=False)
def test_following_has_a_limit_that_says_how_long(client, db):
    client.force_login(UserFactory())
    ideas = IdeaFactory.create_batch(3)
    codes = [client.post(reverse("proposals:follow", args=[idea.pk])).status_code for idea in ideas]
    assert codes == [302, 302, 429]
    assert Follow.objects.count() == 2
    limited = client.post(reverse("proposals:follow", args=[ideas[2].pk]))
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert "Bitte versuchen Sie es in" in limited.content.decode()
    projects = ProjectFactory.create_batch(3)
    codes = [client.post(reverse("feedback:follow", args=[p.slug]), {"follow": "1"}).status_code for p in projects]
    assert codes == [302, 302, 429]


@override_settings(PROPOSALS_RATE_LIMITS=RATES)
@time_machine.travel(NOW, tick=False)
def test_reporting_an_idea_has_a_limit(client, db):
    client.force_login(UserFactory())
    ideas = IdeaFactory.create_batch(3)
    url = "proposals:report"
    codes = [client.post(reverse(url, args=[i.pk]), {"reason": "Werbung für eine Firma"}).status_code for i in ideas]
    assert codes == [302, 302, 429]
    assert Report.objects.count() == 2
    limited = client.post(reverse(url, args=[ideas[2].pk]), {"reason": "Werbung für eine Firma"})
    assert "Bitte versuchen Sie es in" in limited.content.decode()
    assert int(limited["Retry-After"]) > 0
