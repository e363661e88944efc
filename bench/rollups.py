"""Cold staff views from the rollups (issue 22, goal 5; `python -m bench rollups`, on the scale data set).

Over HTTP under gunicorn (2 workers, the default cache of the settings: without REDIS_URL a per-worker memory
cache, so a freshly started server is cold). "cold" is the first request for the page to a freshly started
server, taken on BENCH_COLD (default 3) fresh servers, median and worst reported; "warm" are BENCH_REPEAT
requests after it. The floor is `/healthz` (one `SELECT 1` through the whole stack) in the same run.
Goals: trends ≤ 1 s cold, a survey's results ≤ 500 ms cold at 100,000 responses; the staff survey list
answers without counting every response.
"""

import os
import statistics

from django.db import connection

from bench.http import Site
from bench.pages import staff_session

COLD = int(os.environ.get("BENCH_COLD", 3))


def _one(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def _loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run() -> None:
    responses = _one("SELECT count(*) FROM surveys_response")[0]
    if responses < 100_000:
        print(f"The rollup benchmark wants the scale data set (make bench-data); {responses:,} responses here.")
        return
    # The released survey with the most responses (its results page is public).
    slug, survey_responses = _one(
        """SELECT s.slug, (SELECT sum(count) FROM surveys_responserollup r WHERE r.survey_id = s.id) n
           FROM surveys_survey s WHERE s.closes_at < now() AND s.results_public ORDER BY n DESC NULLS LAST LIMIT 1"""
    )
    survey_id = _one(f"SELECT id FROM surveys_survey WHERE slug = '{slug}'")[0]
    cookie = staff_session()
    pages = [
        ("/auswertung/verlauf/", True),
        (f"/auswertung/verlauf/?survey={survey_id}", True),
        (f"/ergebnisse/umfragen/{slug}/", False),
        ("/umfragen/verwalten/", True),
    ]
    print(f"\n## Cold staff views, {responses:,} responses; the survey {slug}: {survey_responses:,} responses")
    print(f"load average at the start: {_loadavg()}\n")
    print("| what | cold median ms | cold worst ms | warm p50 ms | warm p95 ms | queries | cold / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    floors = []
    for path, staff in pages:
        colds = []
        for _ in range(COLD):
            with Site() as site:
                floors.append(site.measure("/healthz", repeat=10).p50)
                if staff:
                    site.cookies = {"sessionid": cookie}
                colds.append(site.measure(path, repeat=1, warmup=0))
                if len(colds) == COLD:
                    warm = site.measure(path)
        cold_ms = [c.samples[0] * 1000 for c in colds]
        floor_ms = statistics.median(floors) * 1000
        print(
            f"| GET {path} (HTTP {warm.status}, {warm.size // 1024} kB) | {statistics.median(cold_ms):.0f} | "
            f"{max(cold_ms):.0f} | {warm.p50 * 1000:.1f} | {warm.p95 * 1000:.1f} | {warm.queries} | "
            f"{statistics.median(cold_ms) / floor_ms:.0f} |",
            flush=True,
        )
    print(
        f"| GET /healthz (floor, median of every server's p50) | | | {statistics.median(floors) * 1000:.1f} | | 1 | 1 |"
    )
    print(f"\nload average at the end: {_loadavg()}")
