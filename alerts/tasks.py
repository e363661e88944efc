"""Jobs of alerts (docs/alerts.md): recording and matching events, mails at once and as digests, expiry."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection

from alerts import delivery, events, matching, services
from alerts.models import EventKind, Subscription

log = logging.getLogger(__name__)
SEND_BATCH = 200
IMMEDIATE = Subscription.Frequency.IMMEDIATE
# New ideas are bundled even for "at once": they go out with the hourly run, never one mail per idea.
BUNDLED = (EventKind.IDEAS,)


def _window() -> timedelta:
    return timedelta(hours=getattr(settings, "ALERTS_SCAN_HOURS", 72))


@shared_task(name="alerts.scan")
def scan() -> dict:
    """Record what happened since the window began, match it, and queue the mails that go out at once."""
    recorded = events.events_record(since=_window())
    matched = matching.events_match_pending()
    ids = delivery.pending_subscription_ids(frequency=IMMEDIATE, skip_kinds=BUNDLED)
    for start in range(0, len(ids), SEND_BATCH):
        send_batch.delay(ids[start : start + SEND_BATCH], list(BUNDLED))
    return {"recorded": recorded, "matched": matched, "subscriptions": len(ids)}


@shared_task(name="alerts.send_batch")
def send_batch(subscription_ids: list[int], skip_kinds: list[str] | None = None) -> int:
    sent = 0
    # One mail server session for the batch; after a failure it is closed, so the next mail opens a new one.
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        # A hiccup at the start holds up no mail either: without the shared session each mail opens its own.
        log.exception("alerts: mail session for a batch of %s failed to open", len(subscription_ids))
    try:
        for subscription_id in subscription_ids:
            try:
                sent += delivery.subscription_send(
                    subscription_id=subscription_id, skip_kinds=tuple(skip_kinds or ()), connection=connection
                )
            except Exception:
                # One bad address or a mail server hiccup must not hold up the others; its deliveries stay pending.
                log.exception("alerts: mail for subscription %s failed", subscription_id)
                connection.close()
    finally:
        connection.close()
    return sent


@shared_task(name="alerts.send_digests")
def send_digests(frequency: str) -> int:
    """Daily and weekly digests; `immediate` collects the bundled ideas and any mail that failed before."""
    ids = delivery.pending_subscription_ids(frequency=frequency)
    for start in range(0, len(ids), SEND_BATCH):
        send_batch.delay(ids[start : start + SEND_BATCH])
    return len(ids)


@shared_task(name="alerts.send_confirmation")
def send_confirmation(email: str, language: str) -> bool:
    message = delivery.confirmation_mail(email=email, language=language)
    if message is None:
        return False
    message.send()
    return True


@shared_task(name="alerts.expire")
def expire() -> int:
    return services.subscriptions_expire()
