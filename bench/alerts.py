"""Alerts: 100,000 subscriptions matched against a new plan layer, sending, and a Stadtteil's feed over HTTP.

Everything the benchmark writes is committed (gunicorn's connections must see it) and deleted at the end.
`python -m bench alerts`; BENCH_ALERTS_SUBSCRIPTIONS changes the number. With Redis answering it also runs the
whole path: a plan layer committed, a real Celery worker scanning, matching and mailing to a local SMTP server.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from unittest import mock

from django.contrib.gis.db.models.functions import Length
from django.core import mail
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from alerts import delivery, events, matching
from alerts.models import Delivery, Event, Subscription
from bench.http import ROOT, Site, print_table
from bench.smtp import SmtpSink
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
        key__in=[
            f"layer:{pk}" for pk in Layer.objects.filter(project__slug__startswith=MARK).values_list("pk", flat=True)
        ]
    ).delete()
    Project.objects.filter(slug__startswith=MARK).delete()


def _plan_layer(slug: str = MARK) -> Layer:
    """A plan along the gazetteer's longest street: a line across several Stadtteile."""
    streets = Place.objects.filter(kind="street", line__isnull=False).annotate(metres=Length("line"))
    street = streets.order_by("-metres").first()
    project = Project.objects.create(title="Bench Radweg", slug=slug, summary="-", topic="verkehr")
    layer = Layer.objects.create(project=project, name=f"Radweg {street.name}", feature_count=1)
    layer.features.create(geom=street.line)
    return layer


# A Redis database of its own, so no other worker on the machine takes the benchmark's jobs.
E2E_BROKER = os.environ.get("BENCH_ALERTS_BROKER", "redis://127.0.0.1:6379/13")
E2E_TIMEOUT = 900


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _start_worker(sink: SmtpSink) -> subprocess.Popen:
    env = {
        **os.environ,
        "REDIS_URL": E2E_BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **sink.settings(),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "2", "--loglevel", "warning",
               "--without-gossip", "--without-mingle"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 (our own worker, fixed arguments)


def _wait_for_worker(app, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while not app.control.ping(timeout=2):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the Celery worker did not start")


def end_to_end() -> None:
    """From the commit of a new plan layer to the last mail received by the SMTP server, with a real worker
    (2 processes) over Redis, on whatever data the database holds (the scale data set for the issue's figure).

    Steady state first, as on a site whose scan runs every minute: the events of the data set's last 72 hours
    are recorded and counted as handled, so the run measures one new event, not the backlog of a database that
    never ran a scan (on the scale data set that backlog is 200 new projects: 2.8 million deliveries)."""
    from config.celery import app

    if not _redis_answers(E2E_BROKER):
        print(f"\n(end to end skipped: Redis does not answer at {E2E_BROKER})")
        return
    events.events_record(since=timedelta(hours=72))
    Event.objects.filter(matched_at__isnull=True).update(matched_at=timezone.now())
    Delivery.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    # Both spellings: the settings' namespaced keys win over the plain ones once Celery has read them.
    app.conf.update(CELERY_BROKER_URL=E2E_BROKER, broker_url=E2E_BROKER)
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=False, task_always_eager=False)
    with SmtpSink() as sink:
        worker = _start_worker(sink)
        try:
            _wait_for_worker(app, worker)
            started = timezone.now()
            clock = time.perf_counter()
            with transaction.atomic():
                layer = _plan_layer(slug=f"{MARK}-e2e")  # its post_save queues a scan once this commits
            waiting = Delivery.objects.filter(event__key=f"layer:{layer.pk}", subscription__frequency="immediate")
            matched_at = None
            while time.perf_counter() - clock < E2E_TIMEOUT:
                event = Event.objects.filter(key=f"layer:{layer.pk}").only("matched_at").first()
                matched_at = event.matched_at if event else None
                if matched_at and not waiting.filter(sent_at__isnull=True).exists():
                    break
                time.sleep(0.25)
            total = waiting.count()
            sent = waiting.filter(sent_at__isnull=False)
            last = sent.order_by("-sent_at").values_list("sent_at", flat=True).first()
            first = sent.order_by("sent_at").values_list("sent_at", flat=True).first()
        finally:
            worker.terminate()
            worker.wait(timeout=60)
            app.conf.update(CELERY_TASK_ALWAYS_EAGER=True, task_always_eager=True)
    print(f"\n## End to end: a new plan layer to {total:,} mails at once (Celery worker, 2 processes, SMTP)\n")
    print("| step | seconds after the commit | goal |\n|---|---:|---:|")

    def after(moment) -> str:
        return f"{(moment - started).total_seconds():.1f}" if moment else "not reached"

    print(f"| event recorded, matched and its mails queued | {after(matched_at)} | 60 |")
    print(f"| first mail sent | {after(first)} | |")
    print(f"| last mail sent ({sent.count():,} of {total:,}; the SMTP server received {sink.received:,}) "
          f"| {after(last)} | 300 |")  # fmt: skip


def run() -> None:
    _cleanup()
    try:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(FILL_SQL, {"n": SUBSCRIPTIONS, "mark": MARK})
            cursor.execute(EVENTS_SQL, {"n": EVENTS, "mark": MARK})
            cursor.execute("ANALYZE alerts_subscription; ANALYZE alerts_event")
        print(f"\n{SUBSCRIPTIONS:,} subscriptions and {EVENTS:,} events written in {time.perf_counter() - start:.1f} s")
        with mock.patch("alerts.apps._queue_scan"):  # this part times the steps itself, without a scan after commit
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

        end_to_end()

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
