"""Issue 22, goals 2-4 over HTTP under gunicorn, each next to its floor measured in the same run (scale data set):

    DATABASE_URL=postgis://…/klmw_scale .venv/bin/python -m bench cost

- OGC API items of ideas at offset 900,000 against the same page by key (`after`); pygeoapi's figure at that
  depth is in bench/ogc.py, which runs it side by side (needs pygeoapi in .venv-bench);
- the ideas API for bboxes from a few streets to the whole city, next to its bare page SQL (the statement that
  builds the page's FeatureCollection) on a direct connection;
"""

import socket

from django.db import connection

from bench.http import Site, measure_sql, print_table
from proposals.selectors import IdeaFilter
from proposals.selectors.estimate import idea_area_estimate
from proposals.selectors.ideas import _walk_window, feature_page_sql

BBOXES = {
    "the city": (7.6, 49.35, 7.95, 49.52),
    "Innenstadt": (7.74, 49.43, 7.79, 49.45),
    "a quarter": (7.75, 49.43, 7.77, 49.45),
    "a few streets": (7.76, 49.44, 7.765, 49.445),
    "a square": (7.76, 49.44, 7.762, 49.442),
}
LIMIT = 100
OGC_DEPTH = 900_000
OGC_REPEAT = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ideas_bbox(site: Site) -> None:
    rows = [site.measure("/healthz").row("GET /healthz (floor)")]
    for name, bbox in BBOXES.items():
        filters = IdeaFilter(bbox=bbox)
        estimate = idea_area_estimate(bbox, [])
        window = _walk_window(filters, estimate, LIMIT)
        bare = measure_sql(*feature_page_sql(filters, limit=LIMIT, after=None, offset=0, window=window))
        box = ",".join(str(v) for v in bbox)
        page = site.measure(f"/api/v1/ideas/?bbox={box}&limit={LIMIT}")
        way = "GiST" if window is None else f"newest-first walk, window {window}"
        rows.append(page.row(f"GET /api/v1/ideas/?bbox=<{name}, ~{estimate.in_bbox} ideas>&limit={LIMIT}", bare))
        rows.append(bare.row(f"its bare page SQL ({way})"))
    print_table("The ideas API by bbox (ratio: the request to its bare page SQL)", rows)


def ogc_offset(site: Site) -> None:
    rows = [site.measure("/healthz").row("GET /healthz (floor)")]
    seek = (
        "SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id OFFSET %s LIMIT 1",
        [OGC_DEPTH],
    )
    with connection.cursor() as cursor:
        cursor.execute(*seek)
        key = cursor.fetchone()[0]
    base = "/ogc/collections/ideen/items?limit=1000"
    rows.append(site.measure(f"{base}&offset={OGC_DEPTH}", repeat=OGC_REPEAT).row(f"GET {base}&offset={OGC_DEPTH:,}"))
    rows.append(site.measure(f"{base}&after={key - 1}", repeat=OGC_REPEAT).row(f"GET {base}&after=<the same key>"))
    rows.append(measure_sql(*seek, repeat=OGC_REPEAT).row("the seek of the offset row's key alone (bare SQL)"))
    print_table(f"OGC API items of ideas {OGC_DEPTH:,} deep", rows)


def run() -> None:
    with Site(port=free_port()) as site:
        ogc_offset(site)
        ideas_bbox(site)
