"""Dashboard on 1,000,000 ideas: district aggregation vs. naive ST_Contains, density grid vs. bare SQL,
and the dashboard page with a warm cache.

`make bench` runs it on the scale data set (make bench-data: 985,122 published or pending ideas), which it tops
up to BENCH_DASHBOARD_IDEAS ideas the dashboard counts; on any other database it inserts them all. The ideas
are inserted in one SQL statement and removed after."""

import os
import time

from django.conf import settings
from django.db import connection

from bench.http import Site
from bench.ideas import ideas_delete
from bench.pages import staff_session
from bench.timing import median_seconds, report
from dashboard import cache as dashboard_cache
from dashboard.filters import Filters
from dashboard.selectors import districts, grid

N = int(os.environ.get("BENCH_DASHBOARD_IDEAS", "1000000"))
MARK = "bench-dashboard"

# Points spread over the Stadtteile in proportion to their population, the district set in the same statement.
INSERT_SQL = """
WITH cats AS (SELECT array_agg(id ORDER BY id) AS ids FROM proposals_category),
share AS (SELECT s.id, s.geom, greatest(1, round(%(n)s * s.population::numeric / sum(s.population) OVER ()))::int AS n
          FROM geo_stadtteil s)
INSERT INTO proposals_idea (title, description, category_id, author_id, location, stadtteil_id, project_id, photo,
    status, official_answer, visibility, moderation_reason, support_count, comment_count, is_demo, created_at,
    published_at)
SELECT %(mark)s, '', cats.ids[1 + floor(random() * array_length(cats.ids, 1))::int], %(author)s, d.geom, share.id,
       NULL, '', 'eingereicht', '', 'published', '', floor(random() * 20)::int, 0, true,
       now() - random() * interval '365 days', now()
FROM share CROSS JOIN cats CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(share.geom, share.n, 7)) d
"""

NAIVE_SQL = """
SELECT count(*), coalesce(sum(i.support_count), 0) FROM proposals_idea i, geo_stadtteil s
WHERE s.id = %s AND ST_Contains(s.geom, i.location) AND i.visibility IN ('published', 'pending')
"""


def _counted() -> int:
    """The ideas the dashboard counts (published or pending)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM proposals_idea WHERE visibility IN ('published', 'pending')")
        return cursor.fetchone()[0]


def _insert() -> int:
    from accounts.models import User

    missing = N - _counted()
    if missing <= 0:
        return 0
    author, _ = User.objects.get_or_create(username=MARK, defaults={"email": f"{MARK}@example.org"})
    with connection.cursor() as cursor:
        cursor.execute(INSERT_SQL, {"n": missing, "mark": MARK, "author": author.pk})
        inserted = cursor.rowcount
        cursor.execute("ANALYZE proposals_idea")
    return inserted


def _remove() -> None:
    ideas_delete("title = %s AND is_demo", [MARK])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE username = %s", [MARK])


def _naive() -> None:
    with connection.cursor() as cursor:
        for pk in districts.Stadtteil.objects.values_list("id", flat=True):
            cursor.execute(NAIVE_SQL, [pk])
            cursor.fetchone()


def _uncached(fn):
    def run():
        dashboard_cache.bump()
        return fn()

    return run


def _bare_grid(size: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT floor(ST_X(g) / %s)::int, floor(ST_Y(g) / %s)::int, count(*) FROM "
            "(SELECT ST_Transform(location, 25832) AS g FROM proposals_idea "
            " WHERE visibility IN ('published', 'pending') OFFSET 0) p GROUP BY 1, 2",
            [size, size],
        )
        cursor.fetchall()


def run() -> None:
    _remove()  # left by a run that was stopped
    started = time.perf_counter()
    inserted = _insert()
    try:
        total = _counted()
        print(f"\n({total:,} ideas published or pending, {inserted:,} of them inserted in "
              f"{time.perf_counter() - started:.0f} s)")  # fmt: skip
        f = Filters()
        assert sum(r["ideas"] for r in districts.district_rows(f)) >= inserted
        per_stadtteil = _uncached(lambda: districts.district_rows(f))
        per_ortsbezirk = _uncached(lambda: districts.district_rows(Filters(level="ortsbezirk")))
        naive = "naive: ST_Contains per Stadtteil (18 queries)"
        rows = [
            (naive, median_seconds(_naive, repeat=3)),
            ("dashboard: GROUP BY stadtteil_id, all measures (uncached)", median_seconds(per_stadtteil, repeat=5)),
            ("dashboard: per Ortsbezirk (uncached)", median_seconds(per_ortsbezirk, repeat=5)),
            ("dashboard: cached", median_seconds(lambda: districts.district_rows(f))),
        ]
        report(f"District aggregation of {total:,} ideas", rows, naive)
        print(
            "\nThe selector rows are in-process on purpose: each uncached run bumps the dashboard's cache version"
            " first, which cannot be done from outside to the local-memory cache of a gunicorn worker. The page"
            " over HTTP, cold and warm, follows below."
        )

        squares = _uncached(lambda: grid.idea_grid(Filters(cell_m=500)))
        small = _uncached(lambda: grid.idea_grid(Filters(cell_m=250)))
        hexagons = _uncached(lambda: grid.idea_grid(Filters(cell_m=500, hexagons=True)))
        bare = "bare SQL: cell counts, 500 m squares"
        rows = [
            (bare, median_seconds(lambda: _bare_grid(500), repeat=3)),
            ("grid selector, 500 m squares, GeoJSON (uncached)", median_seconds(squares, repeat=3)),
            ("grid selector, 250 m squares, GeoJSON (uncached)", median_seconds(small, repeat=3)),
            ("grid selector, 500 m hexagons, GeoJSON (uncached)", median_seconds(hexagons, repeat=1, warmup=0)),
            ("grid selector, cached", median_seconds(lambda: grid.idea_grid(Filters(cell_m=500)))),
        ]
        report(f"Density grid of {total:,} ideas for the whole city", rows, bare)

        # The page over HTTP under gunicorn, signed in with every staff role; cold = first request to a fresh
        # server (its local-memory cache is empty), warm = the same page again.
        with Site() as site:
            site.cookies[settings.SESSION_COOKIE_NAME] = staff_session()
            start = time.perf_counter()
            status, _body, _queries = site.get("/auswertung/")
            cold = time.perf_counter() - start
            assert status == 200, status
            warm = site.measure("/auswertung/")
        rows = [
            ("dashboard page /auswertung/ over HTTP, cold cache", cold),
            ("dashboard page /auswertung/ over HTTP, warm cache", warm.p50),
        ]
        report(f"Dashboard page with {total:,} ideas", rows, "dashboard page /auswertung/ over HTTP, warm cache")
    finally:
        _remove()
