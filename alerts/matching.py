"""Which subscriptions an event reaches: its geometry intersects the subscribed area (EPSG:25832).

Three indexed paths, one statement: Stadtteil and Ortsbezirk subscriptions through the Stadtteile the
event touches (a B-tree lookup per Stadtteil), drawn areas and address radii through the GiST index on
`area_utm` with the event's geometry as the probe. Matching writes Delivery rows; the unique pair makes a
second run harmless. bench/alerts.py times it for 100,000 subscriptions.
"""

from django.db import connection, transaction
from django.utils import timezone

from alerts.models import Event
from geo.models import Stadtteil

# The three branches are disjoint (a subscription has one kind of area), so UNION ALL needs no de-duplication.
# The event's geometry comes from an InitPlan, a constant for the whole scan, so PostGIS prepares it once.
MATCH_SELECT = """
SELECT m.id, %(event)s, now() FROM (
    SELECT s.id, s.topics, s.kinds FROM alerts_subscription s
    WHERE s.stadtteil_id = ANY(%(stadtteile)s) AND s.confirmed_at IS NOT NULL
    UNION ALL
    SELECT s.id, s.topics, s.kinds FROM alerts_subscription s
    WHERE s.ortsbezirk_id = ANY(%(ortsbezirke)s) AND s.confirmed_at IS NOT NULL
    UNION ALL
    SELECT s.id, s.topics, s.kinds FROM alerts_subscription s
    WHERE ST_Intersects(s.area_utm, (SELECT e.geom_utm FROM alerts_event e WHERE e.id = %(event)s))
      AND s.confirmed_at IS NOT NULL
) m
WHERE (cardinality(m.kinds) = 0 OR %(kind)s = ANY(m.kinds))
  AND (cardinality(m.topics) = 0 OR %(topic)s = ANY(m.topics))
"""
MATCH_SQL = f"""
INSERT INTO alerts_delivery (subscription_id, event_id, created_at)
{MATCH_SELECT}
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


def match_params(event: Event) -> dict:
    event = Event.objects.only("kind", "topic", "stadtteil_ids").get(pk=event.pk)
    ortsbezirke = list(
        Stadtteil.objects.filter(pk__in=event.stadtteil_ids).values_list("ortsbezirk_id", flat=True).distinct()
    )
    params = {
        "event": event.pk,
        "kind": event.kind,
        "topic": event.topic,
        "stadtteile": event.stadtteil_ids,
        "ortsbezirke": ortsbezirke,
    }
    return params


def event_match(*, event: Event) -> int:
    """Write the deliveries of one event; returns how many are new."""
    params = match_params(event)
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner's cost for 100,000 rows triggers JIT compilation, which alone takes seconds here.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(MATCH_SQL, params)
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
