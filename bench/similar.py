"""'Gibt es schon?' at a million ideas: GET /api/v1/ideas/similar/ over HTTP under gunicorn, next to its
floors measured in the same run (docs/performance.md, docs/overview.md).

`make bench-data` first; `DATABASE_URL=<scale> python -m bench similar` (the Makefile runs it on SCALE_DB).
Drafts cover the index's bad cases: words every title of the scale data shares ("Idee", "Lastdatensatzes":
a million matches, the worst case for the text candidates), words no title has, one shared word with a
place, a place only, and a long text. Each is requested REPEAT times; p95 is over all requests together.
Goal: p95 < 150 ms. The floors: the same function's SQL on a direct connection (no HTTP, no Django
request), and /healthz over the same HTTP path (what gunicorn and the middleware cost alone).
"""

import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.gis.geos import Point

from bench import check
from bench.http import REPEAT, Site, Timing
from overview.similar import similar_ideas
from proposals.models import Idea

GOAL_P95 = 0.150
DRAFTS = [
    {"title": "Idee des Lastdatensatzes", "text": "Eine Idee wie im Lastdatensatz"},
    {"title": "Radweg an der Kreuzung", "text": "Der Radweg endet plötzlich vor der Ampel."},
    {"title": "Neue Idee für den Spielplatz", "text": "", "lon": 7.7689, "lat": 49.4447},
    {"title": "", "text": "", "lon": 7.7312, "lat": 49.4179},
    {"title": "Bänke im Park", "text": "Bitte mehr Bänke aufstellen. " * 100},
]


def _load() -> str:
    return open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else "?"


def _direct(draft: dict) -> Timing:
    point = Point(draft["lon"], draft["lat"], srid=4326) if "lon" in draft else None
    samples = []
    for i in range(REPEAT + 2):
        start = time.perf_counter()
        similar_ideas(title=draft["title"], text=draft["text"][:4000], point=point)
        if i >= 2:
            samples.append(time.perf_counter() - start)
    return Timing(samples)


def run() -> None:
    ideas = Idea.objects.count()
    load_before = _load()
    direct = [_direct(draft) for draft in DRAFTS]
    with Site(env={"DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")}) as site:
        health = site.measure("/healthz", repeat=REPEAT)
        api = []
        for draft in DRAFTS:
            query = urlencode({k: (v[:4000] if isinstance(v, str) else v) for k, v in draft.items()})
            timing = site.measure(f"/api/v1/ideas/similar/?{query}", repeat=REPEAT)
            assert timing.status == 200, timing.status
            api.append(timing)
    everything = Timing([s for t in api for s in t.samples])
    floor = Timing([s for t in direct for s in t.samples])
    print(f"\n## Gibt es schon? (GET /api/v1/ideas/similar/, {ideas:,} ideas)\n")
    print("| draft | p50 ms | p95 ms | direct call p50 ms |\n|---|---:|---:|---:|")
    for draft, timing, bare in zip(DRAFTS, api, direct, strict=True):
        name = ", ".join(f"{k}={str(v)[:28]}" for k, v in draft.items() if v != "")
        print(f"| {name} | {timing.p50 * 1000:.1f} | {timing.p95 * 1000:.1f} | {bare.p50 * 1000:.1f} |")
    print(
        f"| all drafts over HTTP | {everything.p50 * 1000:.1f} | {everything.p95 * 1000:.1f} | |\n"
        f"| floor: the same function on a direct connection | {floor.p50 * 1000:.1f} | {floor.p95 * 1000:.1f} | |\n"
        f"| floor: /healthz over HTTP | {health.p50 * 1000:.1f} | {health.p95 * 1000:.1f} | |"
    )
    ratio = everything.p50 / floor.p50 if floor.p50 else float("nan")
    print(
        f"\nratio of the API's p50 to the direct call's: {ratio:.2f}; median of draft p95s "
        f"{statistics.median(t.p95 for t in api) * 1000:.1f} ms; load average {load_before} before, {_load()} after"
    )
    check(
        f"similar ideas p95 at {ideas:,} ideas",
        everything.p95 < GOAL_P95,
        f"{everything.p95 * 1000:.1f} ms over HTTP (goal < 150 ms)",
    )
