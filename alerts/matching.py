"""Which subscriptions an event reaches: its geometry intersects the subscribed area (EPSG:25832).

Three indexed paths, one statement: Stadtteil and Ortsbezirk subscriptions through the Stadtteile the
event touches (a B-tree lookup per Stadtteil), drawn areas and address radii through the GiST index on
`area_utm` with the event's geometry as the probe. Matching writes Delivery rows; the unique pair makes a
second run harmless. bench/alerts.py times it for 100,000 subscriptions.
"""

from django.db import connection, transaction
from django.utils import timezone

from alerts.models import Event

MATCH_SQL = """
WITH e AS (SELECT * FROM alerts_event WHERE id = %(event)s),
candidates AS (
    SELECT s.id, s.topics, s.kinds FROM alerts_subscription s, e
    WHERE s.confirmed_at IS NOT NULL AND s.stadtteil_id = ANY(e.stadtteil_ids)
    UNION
    SELECT s.id, s.topics, s.kinds FROM alerts_subscription s, e
    WHERE s.confirmed_at IS NOT NULL AND s.ortsbezirk_id IN (
        SELECT st.ortsbezirk_id FROM geo_stadtteil st WHERE st.id = ANY(e.stadtteil_ids))
    UNION
    SELECT s.id, s.topics, s.kinds FROM alerts_subscription s, e
    WHERE s.confirmed_at IS NOT NULL AND ST_Intersects(s.area_utm, e.geom_utm)
)
INSERT INTO alerts_delivery (subscription_id, event_id, created_at)
SELECT c.id, e.id, now() FROM candidates c, e
WHERE (cardinality(c.kinds) = 0 OR e.kind = ANY(c.kinds))
  AND (cardinality(c.topics) = 0 OR e.topic = ANY(c.topics))
ON CONFLICT (subscription_id, event_id) DO NOTHING
"""

SUBSCRIBERS_SQL = """
WITH probe AS (SELECT ST_GeomFromEWKB(%(g)s) AS g)
SELECT s.id FROM alerts_subscription s, probe WHERE s.confirmed_at IS NOT NULL AND (
    s.stadtteil_id IN (SELECT st.id FROM geo_stadtteil st WHERE ST_Intersects(ST_Transform(st.geom, 25832), probe.g))
    OR s.ortsbezirk_id IN (SELECT st.ortsbezirk_id FROM geo_stadtteil st
                           WHERE ST_Intersects(ST_Transform(st.geom, 25832), probe.g))
) UNION SELECT s.id FROM alerts_subscription s, probe
WHERE s.confirmed_at IS NOT NULL AND ST_Intersects(s.area_utm, probe.g)
"""


def event_match(*, event: Event) -> int:
    """Write the deliveries of one event; returns how many are new."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(MATCH_SQL, {"event": event.pk})
        created = cursor.rowcount
        Event.objects.filter(pk=event.pk).update(matched_at=timezone.now())
    return created


def events_match_pending(*, limit: int = 500) -> int:
    """Match the events not matched yet, oldest first (bounded per run; the next run takes the rest)."""
    created = 0
    for event in Event.objects.filter(matched_at__isnull=True).order_by("created_at", "id").only("pk")[:limit]:
        created += event_match(event=event)
    return created


def subscribers_of(geom_utm) -> list[int]:
    """Ids of the confirmed subscriptions whose area a EPSG:25832 geometry intersects (bench and staff tools)."""
    with connection.cursor() as cursor:
        cursor.execute(SUBSCRIBERS_SQL, {"g": bytes(geom_utm.ewkb)})
        return [row[0] for row in cursor.fetchall()]
