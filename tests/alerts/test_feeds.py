"""Atom feeds per Stadtteil and per subscription, iCalendar of participation periods, the demo seeder."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.gis.geos import MultiPolygon
from django.utils import timezone

from alerts import calendar, tokens
from alerts.models import Event, Subscription
from alerts.tasks import scan
from tests.factories import IdeaFactory, PhaseFactory, ProjectFactory, SurveyFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own feed)
    return [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


def test_stadtteil_feed_lists_what_touches_it(client, stadtteile):
    ProjectFactory(title="Spielplatz Volkspark", area=MultiPolygon(stadtteile[1].label_point.buffer(0.001)))
    ProjectFactory(title="Anderswo", area=MultiPolygon(stadtteile[15].label_point.buffer(0.001)))
    IdeaFactory(title="Mehr Bäume", stadtteil=stadtteile[1])
    scan()
    response = client.get(f"/stadtteile/{stadtteile[1].slug}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    titles = entries(response)
    assert "Neues Vorhaben: Spielplatz Volkspark" in titles
    assert "Neue Idee: Mehr Bäume" in titles
    assert not any("Anderswo" in t for t in titles)
    assert client.get("/stadtteile/gibtsnicht/feed.atom").status_code == 404


def test_subscription_feed_by_signed_link(client, stadtteile):
    subscription = Subscription.objects.create(
        email="g@example.org", area_kind="stadtteil", stadtteil=stadtteile[2], label="x", confirmed_at=timezone.now()
    )
    ProjectFactory(title="Kreisel", area=MultiPolygon(stadtteile[2].label_point.buffer(0.001)))
    scan()
    response = client.get(f"/benachrichtigungen/feed/{tokens.feed_token(subscription.pk)}.atom")
    assert entries(response) == ["Neues Vorhaben: Kreisel"]
    assert client.get(f"/benachrichtigungen/feed/{tokens.unsubscribe_token(subscription.pk)}.atom").status_code == 404


def test_ical_city_and_stadtteil(client, stadtteile):
    project = ProjectFactory(title="Platz; neu, gestaltet", area=MultiPolygon(stadtteile[1].label_point.buffer(0.001)))
    project.stadtteile.set([stadtteile[1]])
    PhaseFactory(project=project, kind="beteiligung", starts_on=timezone.localdate(), ends_on=timezone.localdate())
    SurveyFactory(title="Hitzeorte " + "sehr lang " * 12)
    body = client.get("/termine.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Beteiligung: Platz\\; neu\\, gestaltet\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\r\n sehr" in body or "\r\n " in body  # the long survey title is folded
    assert body.count("BEGIN:VEVENT") == 3  # phase, survey, the project's idea collection
    other = client.get(f"/stadtteile/{stadtteile[15].slug}/termine.ics")
    assert other["Content-Type"].startswith("text/calendar")
    assert "Platz" not in other.content.decode()
    assert "Hitzeorte" in other.content.decode()  # a survey for the whole city is everywhere


def test_fold_keeps_utf8_characters_whole():
    folded = calendar.fold("SUMMARY:" + "ä" * 80)
    for line in folded.split("\r\n"):
        assert len(line.encode()) <= 75
        line.encode().decode()
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "ä" * 80


def test_demo_seed_fills_the_feeds(stadtteile):
    from alerts.demo import seed

    old = timezone.now() - timedelta(days=100)
    IdeaFactory(stadtteil=stadtteile[4], published_at=old)
    assert "1 Ereignisse" in seed({})
    assert Event.objects.get().stadtteil_ids == [stadtteile[4].pk]
