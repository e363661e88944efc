"""Mails: at once, daily digests grouped per project (one plan change is one entry), unsubscribe headers, and
nothing lost when a mail fails."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import MultiPolygon
from django.utils import timezone

from alerts import tokens
from alerts.models import Delivery, Subscription
from alerts.tasks import scan, send_digests
from tests.factories import FeatureFactory, IdeaFactory, LayerFactory, PhaseFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(stadtteile):
    return MultiPolygon(stadtteile[1].label_point.buffer(0.002))


def follower(stadtteil, frequency, **fields) -> Subscription:
    return Subscription.objects.create(
        user=UserFactory(),
        area_kind="stadtteil",
        stadtteil=stadtteil,
        label=stadtteil.name,
        frequency=frequency,
        confirmed_at=timezone.now(),
        **fields,
    )


def test_digest_groups_one_project_into_one_entry(stadtteile, area, mailoutbox):
    daily = follower(stadtteile[1], "daily")
    project = ProjectFactory(title="Umgestaltung Stiftsplatz", area=area)
    PhaseFactory(project=project, kind="beteiligung", starts_on=timezone.localdate())
    layer = LayerFactory(project=project, name="Bebauungsplan Entwurf", feature_count=1)
    FeatureFactory(layer=layer, geom=stadtteile[1].label_point)
    for n in range(7):
        IdeaFactory(title=f"Bank am Platz {n}", stadtteil=stadtteile[1])

    scan()
    assert mailoutbox == []  # digests wait for their run
    assert send_digests("daily") == 1

    [mail] = mailoutbox
    assert mail.to == [daily.user.email]
    assert mail.body.count("== Umgestaltung Stiftsplatz ==") == 1
    assert "Neue Phase: Beteiligung" in mail.body
    assert "Neue Planebene: Bebauungsplan Entwurf" in mail.body
    assert "Neues Vorhaben: Umgestaltung Stiftsplatz" in mail.body
    assert mail.body.count("Neue Ideen in") == 1
    assert "und 2 weitere" in mail.body
    html = mail.alternatives[0][0]
    assert "Umgestaltung Stiftsplatz</a>" in html
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = tokens.unsubscribe_token(daily.pk)
    assert mail.extra_headers["List-Unsubscribe"] == f"<http://testserver/benachrichtigungen/abmelden/{token}/>" or (
        token in mail.extra_headers["List-Unsubscribe"]
    )
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()
    assert send_digests("daily") == 0  # nothing twice


def test_immediate_mail_after_the_scan_ideas_bundled_for_later(stadtteile, area, mailoutbox):
    sofort = follower(stadtteile[1], "immediate", language="en")
    ProjectFactory(title="Radweg Pirmasenser Straße", area=area)
    IdeaFactory(stadtteil=stadtteile[1])

    scan()

    [mail] = mailoutbox
    assert mail.subject.startswith("[KLmitWirkung] New in")
    assert "New project: Radweg Pirmasenser Straße" in mail.body
    html = mail.alternatives[0][0]
    for part in (mail.body, html):  # the whole mail in the subscriber's language, not only the event lines
        assert "News for" in part
        assert "Unsubscribe from this alert" in part
        assert "Benachrichtigung" not in part
    assert "ideas" not in mail.body.lower().split("--")[0]
    assert Delivery.objects.filter(subscription=sofort, sent_at__isnull=True, event__kind="ideas").count() == 1
    send_digests("immediate")
    assert len(mailoutbox) == 2
    assert "New ideas in" in mailoutbox[1].body


def test_a_failed_mail_is_sent_by_the_next_run(stadtteile, area, mailoutbox, monkeypatch):
    follower(stadtteile[1], "daily")
    ProjectFactory(area=area)
    scan()

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    from django.core.mail import EmailMultiAlternatives

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", broken)
        send_digests("daily")
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 1
    send_digests("daily")
    assert len(mailoutbox) == 1
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()


def test_weekly_subscriber_is_not_mailed_daily(stadtteile, area, mailoutbox):
    follower(stadtteile[1], "weekly")
    ProjectFactory(area=area, created_at=timezone.now() - timedelta(hours=1))
    scan()
    send_digests("daily")
    assert mailoutbox == []
    send_digests("weekly")
    assert len(mailoutbox) == 1
    assert "wöchentliche" in mailoutbox[0].subject


def test_a_batch_sends_over_one_smtp_session_and_survives_a_failure(stadtteile, area, settings, monkeypatch):
    from alerts import delivery
    from alerts.tasks import send_batch
    from bench.smtp import SmtpSink

    subscriptions = [
        follower(stadtteiles, "immediate") for stadtteiles in (stadtteile[1], stadtteile[1], stadtteile[1])
    ]
    ProjectFactory(area=area)
    monkeypatch.setattr("alerts.tasks.send_batch.delay", lambda *a, **k: None)  # the scan only queues
    scan()
    real_build = delivery.build_mail
    failing = subscriptions[1].pk

    def build(subscription, events):
        if subscription.pk == failing:
            raise ConnectionResetError("mail server dropped the line")
        return real_build(subscription, events)

    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        monkeypatch.setattr(delivery, "build_mail", build)
        assert send_batch([s.pk for s in subscriptions]) == 2
        monkeypatch.setattr(delivery, "build_mail", real_build)
        assert send_batch([failing]) == 1  # its delivery stayed pending and goes out with the next run
    assert sink.received == 3
    assert sink.sessions == 3  # one for the batch, a fresh one after the failure, one for the second run


def test_a_batch_whose_shared_session_fails_to_open_still_sends_each_mail(stadtteile, area, settings, monkeypatch):
    """A mail server hiccup when the batch opens its session holds up no mail: each opens its own."""
    from django.core.mail.backends.smtp import EmailBackend

    from alerts.tasks import send_batch
    from bench.smtp import SmtpSink

    subscriptions = [follower(stadtteile[1], "immediate") for _ in range(2)]
    ProjectFactory(area=area)
    monkeypatch.setattr("alerts.tasks.send_batch.delay", lambda *a, **k: None)  # the scan only queues
    scan()
    real_open, opened = EmailBackend.open, []

    def open_once_failing(self):
        opened.append(self)
        if len(opened) == 1:
            raise ConnectionRefusedError("mail server not ready")
        return real_open(self)

    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        monkeypatch.setattr(EmailBackend, "open", open_once_failing)
        assert send_batch([s.pk for s in subscriptions]) == 2
    assert sink.received == 2
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()
