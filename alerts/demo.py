"""Demo content: the seed's projects, surveys and ideas become events of their Stadtteile (feeds, digests)."""

from datetime import timedelta

from alerts import events, matching

DEMO_WINDOW = timedelta(days=400)


def seed(options: dict) -> str:
    recorded = events.events_record(since=DEMO_WINDOW)
    matching.events_match_pending(limit=100_000)
    return f"{recorded} Ereignisse für Feeds und Benachrichtigungen"
