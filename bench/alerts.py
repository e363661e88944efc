"""Alerts: 100,000 subscriptions matched against a new plan layer, sending, and a Stadtteil's feed over HTTP.

Everything the benchmark writes is committed (gunicorn's connections must see it) and deleted at the end.
`python -m bench alerts`; BENCH_ALERTS_SUBSCRIPTIONS changes the number.
"""

import os
import time

from django.contrib.gis.db.models.functions import Length
from django.core import mail
from django.db import connection, transaction
from django.test.utils import override_settings

from alerts import delivery, events, matching
from alerts.models import Delivery, Event, Subscription
from bench.http import Site, print_table
from bench.timing import median_seconds
from geo.models import Place, Stadtteil
from layers.models import Layer, Project

SUBSCRIPTIONS = int(os.environ.get("BENCH_ALERTS_SUBSCRIPTIONS", 100_000))
EVENTS = int(os.environ.get("BENCH_ALERTS_EVENTS", 50_000))
SENT = int(os.environ.get("BENCH_ALERTS_SENT", 1_000))
MARK = "bench-alerts"

# A quarter each: Stadtteile and Ortsbezirke, drawn areas (squares of 200 m to 1.5 km), radii around gazetteer
# addresses; all inside the city's bounding box, all confirmed.
FILL_SQL = """
WITH st AS (SELECT array_agg(id) ids FROM geo_stadtteil), ob AS (SELECT array_agg(id) ids FROM geo_ortsbezirk),
addr AS (SELECT array_agg(ST_Transform(location, 25832)) pts FROM (
    SELECT location FROM geo_place WHERE kind = 'address' ORDER BY id LIMIT 5000) a),
city AS (SELECT ST_Transform(ST_Envelope(geom), 25832) AS box FROM geo_cityboundary LIMIT 1),
raw AS (
    SELECT i, i %% 4 AS k,
           ST_XMin(city.box) + random() * (ST_XMax(city.box) - ST_XMin(city.box)) AS x,
           ST_YMin(city.box) + random() * (ST_YMax(city.box) - ST_YMin(city.box)) AS y,
           200 + random() * 1300 AS size,
           (ARRAY[250, 500, 1000, 2000])[1 + (i %% 4)] AS radius
    FROM generate_series(1, %(n)s) i, city
),
shaped AS (
    SELECT raw.*, CASE
        WHEN k = 2 THEN ST_Multi(ST_MakeEnvelope(x, y, x + size, y + size, 25832))
        WHEN k = 3 THEN ST_Multi(ST_Buffer(addr.pts[1 + (i %% array_length(addr.pts, 1))], radius, 16))
    END AS utm
    FROM raw, addr
)
INSERT INTO alerts_subscription (email, area_kind, stadtteil_id, ortsbezirk_id, area, area_utm, label, radius_m,
                                 topics, kinds, frequency, language, confirmed_at, created_at)
SELECT 'bench-' || i || '@alerts.invalid',
       (ARRAY['stadtteil', 'ortsbezirk', 'drawn', 'radius'])[k + 1],
       CASE WHEN k = 0 THEN st.ids[1 + (i %% array_length(st.ids, 1))] END,
       CASE WHEN k = 1 THEN ob.ids[1 + (i %% array_length(ob.ids, 1))] END,
       ST_Transform(utm, 4326), utm, %(mark)s, CASE WHEN k = 3 THEN radius END,
       '{}', '{}', (ARRAY['immediate', 'daily', 'weekly'])[1 + (i %% 3)], 'de', now(), now()
FROM shaped, st, ob
"""

EVENTS_SQL = """
WITH st AS (SELECT id, label_point FROM geo_stadtteil)
INSERT INTO alerts_event (key, kind, group_key, group_title, title, detail, url, topic, geom, geom_utm,
                          stadtteil_ids, occurred_at, is_demo, matched_at, created_at)
SELECT %(mark)s || '-' || i || '-' || st.id, 'ideas', 'ideas:' || st.id, 'Bench', 'Idee ' || i, '', '/ideen/1/',
       'gruen',
       st.label_point, ST_Transform(st.label_point, 25832), ARRAY[st.id], now() - (i || ' minutes')::interval,
       true, now(), now()
FROM generate_series(1, %(n)s / 18) i, st
"""


def _cleanup() -> None:
    Subscription.objects.filter(label=MARK).delete()
    Event.objects.filter(key__startswith=MARK).delete()
    Event.objects.filter(
        key__in=[f"layer:{pk}" for pk in Layer.objects.filter(project__slug=MARK).values_list("pk", flat=True)]
    ).delete()
    Project.objects.filter(slug=MARK).delete()


def _plan_layer() -> Layer:
    """A plan along the gazetteer's longest street: a line across several Stadtteile."""
    streets = Place.objects.filter(kind="street", line__isnull=False).annotate(metres=Length("line"))
    street = streets.order_by("-metres").first()
    project = Project.objects.create(title="Bench Radweg", slug=MARK, summary="-", topic="verkehr")
    layer = Layer.objects.create(project=project, name=f"Radweg {street.name}", feature_count=1)
    layer.features.create(geom=street.line)
    return layer


def run() -> None:
    _cleanup()
    try:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(FILL_SQL, {"n": SUBSCRIPTIONS, "mark": MARK})
            cursor.execute(EVENTS_SQL, {"n": EVENTS, "mark": MARK})
            cursor.execute("ANALYZE alerts_subscription; ANALYZE alerts_event")
        print(f"\n{SUBSCRIPTIONS:,} subscriptions and {EVENTS:,} events written in {time.perf_counter() - start:.1f} s")
        layer = _plan_layer()
        events.events_record(since=events.timedelta(hours=1))
        event = Event.objects.get(key=f"layer:{layer.pk}")

        def match():
            Delivery.objects.filter(event=event).delete()
            return matching.event_match(event=event)

        def select():
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(f"SELECT count(*) FROM ({matching.MATCH_SELECT}) m", matching.match_params(event))
                return cursor.fetchone()[0]

        found = select()
        select_seconds = median_seconds(select, repeat=5)
        matched = match()
        seconds = median_seconds(match, repeat=5)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM alerts_delivery WHERE event_id = %s", [event.pk])
            deliveries = cursor.fetchone()[0]
        print(f"\n## Matching a new plan layer ({layer.name}, {len(event.stadtteil_ids)} Stadtteile)\n")
        print(
            f"{SUBSCRIPTIONS:,} subscriptions -> {matched:,} deliveries ({deliveries:,})"
            f" in {seconds * 1000:.0f} ms (median of 5, deleting and writing the deliveries included)"
        )
        print(f"Finding them (the SELECT): {found:,} in {select_seconds * 1000:.0f} ms (median of 5)")

        immediate = list(
            Delivery.objects.filter(event=event, subscription__frequency="immediate").values_list(
                "subscription_id", flat=True
            )[:SENT]
        )
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            start = time.perf_counter()
            for subscription_id in immediate:
                delivery.subscription_send(subscription_id=subscription_id)
            elapsed = time.perf_counter() - start
        print(
            f"{len(immediate):,} mails built and handed to the backend in {elapsed:.1f} s"
            f" ({len(immediate) / elapsed:.0f}/s, one process)"
        )

        stadtteil = Stadtteil.objects.defer("geom").order_by("number").first()
        with Site() as site:
            feed = site.measure(f"/stadtteile/{stadtteil.slug}/feed.atom")
            ical = site.measure(f"/stadtteile/{stadtteil.slug}/termine.ics")
        print_table(
            f"Feeds of {stadtteil.name} with {Event.objects.count():,} events in the table (gunicorn, HTTP)",
            [feed.row("GET /stadtteile/…/feed.atom"), ical.row("GET /stadtteile/…/termine.ics")],
        )
    finally:
        _cleanup()
