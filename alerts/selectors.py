"""Reads of alerts: events of a Stadtteil or a subscription (feeds), follower counts, participation dates."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from alerts.models import Event, Subscription
from geo import disclosure
from geo.models import Stadtteil

FEED_ITEMS = 30

# Confirmed subscriptions covering each Stadtteil: its own, its Ortsbezirk's, and areas that intersect it.
# A subscription is counted once per Stadtteil; the record key sums per subscription (geo.disclosure).
FOLLOWERS_SQL = f"""
WITH st AS (SELECT id, ortsbezirk_id, ST_Transform(geom, 25832) AS g FROM geo_stadtteil),
covers AS (
    SELECT st.id AS stadtteil_id, s.id AS sub FROM alerts_subscription s JOIN st ON st.id = s.stadtteil_id
    WHERE s.confirmed_at IS NOT NULL
    UNION
    SELECT st.id, s.id FROM alerts_subscription s JOIN st ON st.ortsbezirk_id = s.ortsbezirk_id
    WHERE s.confirmed_at IS NOT NULL
    UNION
    SELECT st.id, s.id FROM alerts_subscription s JOIN st ON ST_Intersects(s.area_utm, st.g)
    WHERE s.confirmed_at IS NOT NULL
)
SELECT stadtteil_id, count(*), coalesce(sum({disclosure.record_key_sql("sub")}), 0) FROM covers GROUP BY stadtteil_id
"""  # noqa: S608


@dataclass(frozen=True)
class FollowerRow:
    stadtteil: Stadtteil
    cell: disclosure.Cell


def followers_per_stadtteil(*, exact: bool) -> list[FollowerRow]:
    with connection.cursor() as cursor:
        cursor.execute(FOLLOWERS_SQL)
        counts = {row[0]: (row[1], int(row[2])) for row in cursor.fetchall()}
    cells = disclosure.publish_cells(
        {s: counts.get(s.pk, (0, 0)) for s in Stadtteil.objects.defer("geom")}, exact=exact
    )
    return [FollowerRow(stadtteil=s, cell=c) for s, c in cells.items()]


def stadtteil_events(stadtteil: Stadtteil) -> QuerySet[Event]:
    """The newest events touching a Stadtteil (GIN on stadtteil_ids; no geometry at read time)."""
    return (
        Event.objects.filter(stadtteil_ids__contains=[stadtteil.pk])
        .defer("geom", "geom_utm")
        .order_by("-occurred_at", "-id")
    )


def subscription_events(subscription: Subscription) -> QuerySet[Event]:
    return (
        Event.objects.filter(deliveries__subscription=subscription)
        .defer("geom", "geom_utm")
        .order_by("-occurred_at", "-id")
    )
