"""CPU per request (issue 22): what one request costs the app (the gunicorn workers) and the database (the
PostgreSQL backends of those workers), read from /proc around a short wrk run per request, with the framework
floor (`/healthz`: one `SELECT 1`) measured in the same run. CPU time, not latency, is the figure that holds on
any machine: two cores serve at most 2,000 / (app + database ms) requests per second.

    make bench-cpu                  # on the scale data set (SCALE_DB) when it exists, else the development database;
                                    # with REDIS_URL when Redis answers, as in production
    .venv/bin/python -m bench cpu   # on the current DATABASE_URL

BENCH_CPU_SECONDS (default 5) per request, BENCH_CPU_CONNECTIONS (default 1: the load generator keeps at most one
request in flight, so the workers never queue and wrk itself stays light), BENCH_CPU_ONLY (only the requests whose
path contains it, e.g. `/ideen/`). The idea page is measured twice: one idea asked again and again (its cache
hits) and a different idea each request (`/ideen/<id>/`: its cache misses, as in vote week's random reads).
Needs wrk (scripts/install_system.sh).
"""

import atexit
import http.client
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from bench.http import WORKERS, Site
from bench.pages import user_session

SECONDS = max(1, int(os.environ.get("BENCH_CPU_SECONDS", 5)))
CONNECTIONS = int(os.environ.get("BENCH_CPU_CONNECTIONS", 1))
# Only the requests whose path contains this text (and the floor), e.g. BENCH_CPU_ONLY=/ideen/ for the idea pages.
ONLY = os.environ.get("BENCH_CPU_ONLY", "")
MISSES = 20_000  # distinct idea pages for the cache-miss rows: more than wrk asks in BENCH_CPU_SECONDS
CITY_BBOX = "7.60,49.35,7.95,49.55"
TIMEOUT = 120  # gunicorn's worker timeout here (30 s by default): a cold staff page on the scale data set takes longer
# The server's database connections carry this name, so only its own backends are counted (other benchmarks
# and sessions may use the same database).
APPLICATION_NAME = f"bench-cpu-{os.getpid()}"


def cpu_ns(pid: int) -> int:
    """CPU time a process has used, in ns (the scheduler's own count; /proc/<pid>/stat has only 10 ms ticks)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (FileNotFoundError, ProcessLookupError):
        return 0


def children(parent: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    # the command may contain spaces and parentheses: the fields after the last ")" are fixed
                    fields = f.read().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == parent:
                pids.append(int(entry))
    return pids


def backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME])
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Cost:
    path: str
    requests: int
    failed: int  # non-2xx/3xx answers and socket errors
    app_ms: float  # CPU per request
    db_ms: float
    note: str = ""

    def row(self, floor: "Cost") -> str:
        ratio = f"{(self.app_ms + self.db_ms) / (floor.app_ms + floor.db_ms):.1f}"
        failed = f" ({self.failed} failed)" if self.failed else ""
        note = f" ({self.note})" if self.note else ""
        return f"| `{self.path}`{note} | {self.app_ms:.1f} | {self.db_ms:.1f} | {ratio} | {self.requests}{failed} |"


def wrk(url: str, cookie: str | None, seconds: int, script: str | None = None) -> tuple[int, int]:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "60s", "-H", "Accept-Language: de"]
    if cookie:
        command += ["-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    failed = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed += sum(int(n) for n in errors.groups()) if errors else 0
    return requests, failed


def measure(site: Site, path: str, cookie: str | None = None, paths: list[str] | None = None) -> Cost:
    """`paths`: a different one for each request, in turn (the idea page's cache misses), shown as `path`."""
    site.cookies = {settings.SESSION_COOKIE_NAME: cookie} if cookie else {}
    try:
        for warm in (paths or [path] * 3)[:3]:  # each worker's connection open, its caches filled (warm cost)
            site.get(warm)
    except (OSError, http.client.HTTPException):
        return Cost(path, 0, 3, float("nan"), float("nan"), "no answer within 60 s")
    script = None
    if paths:
        script = _rotation(paths[3:])
    workers = children(site.process.pid)
    before = {pid: cpu_ns(pid) for pid in workers + backends()}
    url = f"http://127.0.0.1:{site.port}{'/' if script else path}"  # with a script, the script's paths
    requests, failed = wrk(url, cookie, SECONDS, script)
    # a backend that appeared during the run (a worker reconnected) counts in full
    app = sum(cpu_ns(pid) - before.get(pid, 0) for pid in children(site.process.pid))
    db = sum(cpu_ns(pid) - before.get(pid, 0) for pid in backends())
    per = max(requests, 1) * 1e6
    replaced = set(children(site.process.pid)) != set(workers)
    note = "a worker timed out and was replaced: its CPU is missing" if replaced else ""
    return Cost(path, requests, failed, app / per, db / per, note)


def _rotation(paths: list[str]) -> str:
    """A wrk script that asks `paths` in turn (file name; the file is removed when the process ends)."""
    quoted = ",".join(f'"{p}"' for p in paths)
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    with handle:
        handle.write(f"local paths = {{{quoted}}}\nlocal i = 0\n")
        handle.write("request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
    atexit.register(os.unlink, handle.name)
    return handle.name


def _misses() -> list[str]:
    """Idea pages that miss the cache: published ideas at random, more than a run can ask (each asked once)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM proposals_idea TABLESAMPLE SYSTEM (2) WHERE visibility = 'published' LIMIT %s",
            [MISSES],
        )
        ids = [row[0] for row in cursor.fetchall()]
    random.shuffle(ids)
    return [f"/ideen/{pk}/" for pk in ids]


def _one(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        return row[0] if row else None


def _user(username: str, roles: list[Role]) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user


def requests() -> dict[str, list[str]]:
    """Every public and staff page and API endpoint that answers a GET, on the rows this database has."""
    idea = _one("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id DESC LIMIT 1")
    project = _one("SELECT slug FROM layers_project ORDER BY id LIMIT 1")
    layer = _one("SELECT id FROM layers_layer ORDER BY id LIMIT 1")
    stadtteil = _one("SELECT slug FROM geo_stadtteil ORDER BY number LIMIT 1")
    open_survey = _one("SELECT slug FROM surveys_survey WHERE closes_at IS NULL OR closes_at > now() ORDER BY id")
    closed_survey = _one("SELECT slug FROM surveys_survey WHERE closes_at < now() ORDER BY id LIMIT 1")
    survey_id = _one("SELECT id FROM surveys_survey WHERE slug = %s", [closed_survey or open_survey])
    public = ["/", "/ideen/", "/vorhaben/", "/umfragen/", f"/stadtteile/{stadtteil}/", "/daten/", "/gis/"]
    api = [
        "/api/v1/ideas/?limit=100",
        f"/api/v1/ideas/?bbox={CITY_BBOX}&limit=100",
        f"/api/v1/ideas/clusters/?bbox={CITY_BBOX}&zoom=12",
        "/api/v1/districts/",
        f"/api/v1/districts/{stadtteil}/",
        "/api/v1/geocode/?q=Marktstra%C3%9Fe",
        "/api/v1/locate/?lon=7.7689&lat=49.4447",
        "/api/v1/projects/",
        "/api/v1/surveys/",
        "/ogc/collections",
        "/ogc/collections/ideen/items?limit=100",
        "/wfs/?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetCapabilities",
        "/wfs/?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=app:ideen&COUNT=100",
    ]
    if idea:
        public.append(f"/ideen/{idea}/")
        api += [f"/api/v1/ideas/{idea}/", f"/api/v1/ideas/{idea}/comments/", f"/ogc/collections/ideen/items/{idea}"]
    if project:
        public += [f"/vorhaben/{project}/", f"/vorhaben/{project}/rueckmeldungen/", f"/ergebnisse/vorhaben/{project}/"]
        api += [f"/api/v1/projects/{project}/", f"/api/v1/projects/{project}/layers/"]
    if layer:
        api += [f"/api/v1/layers/{layer}/features/", f"/tiles/{layer}/14/8545/5595.mvt"]
    if open_survey:
        public.append(f"/umfragen/{open_survey}/")
    if closed_survey:
        public += [f"/umfragen/{closed_survey}/ergebnisse/", f"/ergebnisse/umfragen/{closed_survey}/"]
    if survey_id:
        api += [f"/api/v1/surveys/{survey_id}/", f"/api/v1/surveys/{survey_id}/results/"]
    citizen = ["/konto/profil/", "/ideen/neu/"] + ([f"/ideen/{idea}/"] if idea else [])
    citizen += [f"/umfragen/{open_survey}/"] if open_survey else []
    staff = [
        "/verwaltung/",
        "/ideen/moderation/",
        "/auswertung/",
        "/auswertung/verlauf/",
        "/auswertung/dichte/",
        "/umfragen/verwalten/",
    ]
    staff += [f"/vorhaben/{project}/abwaegung/"] if project else []
    staff += [f"/umfragen/verwalten/{closed_survey or open_survey}/"] if closed_survey or open_survey else []
    return {"public pages": public, "API and GIS services": api, "signed in (citizen)": citizen, "staff": staff}


def run() -> None:
    if not shutil.which("wrk"):
        print("bench cpu needs wrk (Debian package wrk; scripts/install_system.sh installs it).")
        return
    ideas = _one("SELECT count(*) FROM proposals_idea")
    url = os.environ.get("DATABASE_URL", "")
    env = {"DATABASE_URL": url + ("&" if "?" in url else "?") + f"application_name={APPLICATION_NAME}"}
    # no query-count header: its wrapper around every statement is CPU the table should not include
    env["BENCH_QUERY_COUNT"] = "0"
    cookies = {
        "signed in (citizen)": user_session(_user("bench-citizen", [])),
        "staff": user_session(_user("bench-staff", list(Role))),
    }
    load = open("/proc/loadavg").read().split()[:3]  # noqa: SIM115
    print(
        f"\n## CPU per request ({ideas:,} ideas; gunicorn {WORKERS} sync workers; wrk -c{CONNECTIONS}, "
        f"{SECONDS} s per request; cache and sessions in {'Redis' if settings.REDIS_URL else 'local memory'}; "
        f"load average {' '.join(load)} at the start)\n"
    )
    print("ms of CPU per request; × floor: app + database against `/healthz` measured in the same run.\n")
    print("| request | app ms | database ms | × floor | requests |\n|---|---:|---:|---:|---:|")
    with Site(env=env, args=("--timeout", str(TIMEOUT))) as site:
        floor = measure(site, "/healthz")
        print(floor.row(floor), flush=True)
        misses = _misses()
        for group, paths in requests().items():
            paths = [path for path in paths if ONLY in path]
            print(f"| **{group}** | | | | |", flush=True)
            for path in paths:
                print(measure(site, path, cookies.get(group)).row(floor), flush=True)
            if group in ("public pages", "signed in (citizen)") and misses and ONLY in "/ideen/<id>/":
                # The idea page of a different idea each request: its cache misses (vote week reads at random).
                miss = measure(site, "/ideen/<id>/", cookies.get(group), misses)
                miss.note = "a different idea each request: the page cache misses"
                print(miss.row(floor), flush=True)
        again = measure(site, "/healthz")
        print(again.row(floor).replace("`/healthz`", "`/healthz` (again, at the end)"), flush=True)
    load = open("/proc/loadavg").read().split()[:3]  # noqa: SIM115
    print(f"\nLoad average at the end: {' '.join(load)} ({time.strftime('%Y-%m-%d %H:%M %Z')}).")
