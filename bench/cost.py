"""Issue 22, goals 2-4 over HTTP under gunicorn, each next to its floor measured in the same run (scale data set):

    DATABASE_URL=postgis://…/klmw_scale .venv/bin/python -m bench cost
    BENCH_COST_PARTS=signed,bbox …                 # some parts only (anonymous, signed, ogc, bbox)

- anonymous pages (goal 2) and the signed-in idea page and a support (goal 3): app CPU per request, read from
  /proc for the gunicorn workers over N sequential requests, next to /healthz in the same server (run with
  REDIS_URL set, as production: the page cache and the sessions live there);
- OGC API items of ideas at offset 900,000 against the same page by key (`after`); pygeoapi's figure at that
  depth is in bench/ogc.py, which runs it side by side (needs pygeoapi in .venv-bench);
- the ideas API for bboxes from a few streets to the whole city, next to its bare page SQL (the statements the page
  sends: the cluster cells' estimate and the one that builds the page's FeatureCollection) on a direct connection;
"""

import http.client
import os
import time
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string

from accounts.models import User
from bench.cpu import cpu_ns
from bench.http import Site, Timing, free_port, measure_sql, measure_statements, print_table, statements_of
from bench.pages import user_session
from proposals.selectors import IdeaFilter
from proposals.selectors.estimate import idea_area_estimate
from proposals.selectors.ideas import _walk_window, idea_feature_collection

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
CPU_REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", 200))


def ideas_bbox(site: Site) -> None:
    rows = [site.measure("/healthz").row("GET /healthz (floor)")]
    cpu = {}
    for name, bbox in BBOXES.items():
        filters = IdeaFilter(bbox=bbox)
        estimate = idea_area_estimate(bbox, [])
        window = _walk_window(filters, estimate, LIMIT)
        # The floor is every statement the page sends (the cells' estimate, the page, the GiST page when a walk
        # falls short), recorded from the selector itself, timed back to back on one connection.
        statements = statements_of(lambda: idea_feature_collection(filters, limit=LIMIT))  # noqa: B023
        bare = measure_statements(statements)
        box = ",".join(str(v) for v in bbox)
        page = site.measure(f"/api/v1/ideas/?bbox={box}&limit={LIMIT}")
        way = "GiST" if window is None else f"newest-first walk, window {window}"
        way += f"; {len(statements)} statements" if len(statements) != 2 else ""
        rows.append(page.row(f"GET /api/v1/ideas/?bbox=<{name}, ~{estimate.in_bbox} ideas>&limit={LIMIT}", bare))
        rows.append(bare.row(f"its bare page SQL ({way})"))
        cpu[name] = cpu_ms(site, f"/api/v1/ideas/?bbox={box}&limit={LIMIT}", requests=CPU_REQUESTS // 2)[0]
    print_table("The ideas API by bbox (ratio: the request to its bare page SQL)", rows)
    floor = cpu_ms(site, "/healthz", requests=CPU_REQUESTS // 2)[0]
    print(f"\nApp CPU per request (gunicorn workers): /healthz {floor:.2f} ms; " + "; ".join(
        f"{name} {used:.2f} ms" for name, used in cpu.items()))  # fmt: skip


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


def _worker_ns(site: Site) -> int:
    """CPU time (ns, the scheduler's own count) of the gunicorn workers so far."""
    master = site.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sum(cpu_ns(int(pid)) for pid in children)


def cpu_ms(site: Site, path: str, *, requests: int = CPU_REQUESTS, method: str = "GET") -> tuple[float, float]:
    """App CPU (ms per request, both workers) and the p50 wall time of `requests` sequential requests."""
    site.get(path)
    site.get(path)
    before = _worker_ns(site)
    timing = site.measure(path, repeat=requests, warmup=0) if method == "GET" else None
    if method == "POST":
        samples = [_send(site, "POST", path) for _ in range(requests)]
        timing = Timing(samples)
    used = _worker_ns(site) - before
    return used / 1e6 / requests, timing.p50 * 1000


def _send(site: Site, method: str, path: str, body: str = "", expect: int = 200) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=60)
    cookie = "; ".join(f"{k}={v}" for k, v in site.cookies.items())
    headers = {"Host": "127.0.0.1", "Cookie": cookie, "X-CSRFToken": site.cookies.get("csrftoken", "")}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.perf_counter()
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    response.read()
    assert response.status == expect, (method, path, response.status)
    conn.close()
    return time.perf_counter() - start


def _cpu_table(title: str, site: Site, paths: list[tuple[str, str]], method: str = "GET") -> None:
    floor, floor_wall = cpu_ms(site, "/healthz")
    print(f"\n## {title}\n\n| request | app CPU ms | × floor | p50 wall ms |\n|---|---:|---:|---:|")
    print(f"| GET /healthz (floor) | {floor:.2f} | 1.00 | {floor_wall:.1f} |")
    for name, path in paths:
        used, wall = cpu_ms(site, path, method=method if name.startswith("POST") else "GET")
        print(f"| {name} | {used:.2f} | {used / floor:.2f} | {wall:.1f} |", flush=True)


def _one(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def anonymous_pages(site: Site) -> None:
    idea = _one("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id DESC LIMIT 1")
    project = _one("SELECT slug FROM layers_project ORDER BY id LIMIT 1")
    stadtteil = _one("SELECT slug FROM geo_stadtteil ORDER BY number LIMIT 1")
    open_survey = _one(
        "SELECT slug FROM surveys_survey WHERE opens_at < now() AND closes_at > now() ORDER BY id LIMIT 1"
    )
    closed = _one("SELECT slug FROM surveys_survey WHERE closes_at < now() AND results_public ORDER BY id LIMIT 1")
    paths = [
        ("GET / (home)", "/"),
        ("GET /ideen/", "/ideen/"),
        ("GET an idea", f"/ideen/{idea}/"),
        ("GET a project", f"/vorhaben/{project}/"),
        ("GET a Stadtteil", f"/stadtteile/{stadtteil}/"),
        ("GET a survey form", f"/umfragen/{open_survey}/"),
        ("GET survey results", f"/ergebnisse/umfragen/{closed}/"),
    ]
    cached = "on" if int(os.environ.get("PAGE_CACHE_SECONDS", 5)) > 0 else "off"
    _cpu_table(f"Anonymous pages, app CPU per request (page cache {cached})", site, paths)


def citizen_session() -> dict[str, str]:
    """Cookies of a signed-in citizen (no role) in the server's session store, with a CSRF secret."""
    user, _ = User.objects.get_or_create(username="bench-citizen", defaults={"email": "bench-citizen@example.org"})
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return {settings.SESSION_COOKIE_NAME: user_session(user), settings.CSRF_COOKIE_NAME: get_random_string(32)}


def signed_in(site: Site) -> None:
    """Goal 3: the idea page and a support (POST then DELETE, so every request writes) for a citizen. The floor is
    measured before and after each row (the machine is shared: its CPU per request drifts), the ratio is to their
    mean."""
    idea = _one("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id DESC LIMIT 1")
    site.cookies = citizen_session()
    support = f"/api/v1/ideas/{idea}/support/"
    form = f"/ideen/{idea}/unterstuetzen/"

    def writes(path: str, method, body) -> tuple[float, float]:
        before = _worker_ns(site)
        expect = 302 if path == form else 200
        samples = [_send(site, method(i), path, body(i), expect=expect) for i in range(CPU_REQUESTS)]
        return (_worker_ns(site) - before) / 1e6 / CPU_REQUESTS, Timing(samples).p50 * 1000

    rows = [
        ("GET an idea (signed in)", lambda: cpu_ms(site, f"/ideen/{idea}/")),
        (f"POST/DELETE {support} (support, withdraw)",
         lambda: writes(support, lambda i: "POST" if i % 2 == 0 else "DELETE", lambda i: "")),
        (f"POST {form} (the page's button: support, withdraw; a message, a redirect)",
         lambda: writes(form, lambda i: "POST", lambda i: "withdraw=1" if i % 2 else "x=1")),
    ]  # fmt: skip
    print("\n## Signed in, app CPU per request\n")
    print("| request | app CPU ms | floor ms (before, after) | × floor | p50 wall ms |\n|---|---:|---:|---:|---:|")
    floor = cpu_ms(site, "/healthz")[0]
    for name, measure in rows:
        used, wall = measure()
        after = cpu_ms(site, "/healthz")[0]
        print(f"| {name} | {used:.2f} | {floor:.2f}, {after:.2f} | {2 * used / (floor + after):.2f} | {wall:.1f} |")
        floor = after
    site.cookies = {}


PARTS = {"anonymous": anonymous_pages, "signed": signed_in, "ogc": ogc_offset, "bbox": ideas_bbox}


def run() -> None:
    """All parts, or those named in BENCH_COST_PARTS (e.g. `signed,bbox`)."""
    names = [n for n in os.environ.get("BENCH_COST_PARTS", ",".join(PARTS)).split(",") if n]
    with Site(port=free_port(), env={"PROPOSALS_RATE_SUPPORT": "100000/m"}) as site:
        for name in names:
            PARTS[name](site)
