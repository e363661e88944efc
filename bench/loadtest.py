"""`make loadtest`: vote week and survey week against gunicorn on the scale data set (issue 22, goal 6).

locust (headless, FastHttpUser: bench/locustfile.py) drives gunicorn on a free port, one scenario after another:

- vote: LOADTEST_RATE tasks/s (default 100), each a signed-in idea page and a support: 100 supports/s + 100 reads/s.
  LOADTEST_ACCOUNTS (default 2,000) of the data set's 100,000 accounts get a confirmed e-mail address and a
  session; each supports ideas it has not supported yet (half of them among the 50 most-read ideas), so every
  support is a new row and the unique constraint turns none into a no-op.
- survey: LOADTEST_SURVEY_RATE responses/s (default 50), each an anonymous respondent opening a survey and
  submitting five answers with a map point.
- browse (only when named in LOADTEST_SCENARIOS): anonymous pages, LOADTEST_RATE requests/s.

LOADTEST_SECONDS per scenario (default 60), LOADTEST_INTERVAL (seconds between one simulated user's tasks, default 20:
users = rate × interval) with LOADTEST_IDEAS_PER_ACCOUNT (default 8; a vote user needs one idea per task),
LOADTEST_SCENARIOS (default "vote survey"), LOADTEST_WORKERS and
LOADTEST_THREADS (gunicorn: 3 sync workers by default, as the Dockerfile; threads > 1 means the gthread worker),
LOADTEST_PROCESSES (locust processes, default 1: one is enough for a few hundred requests per second).
Redis is the server's cache and session store when REDIS_URL is set (the sessions are created in it).

After each scenario the database is checked: lost = 2xx supports whose (account, idea) row is missing, or 2xx
responses whose row (or any of its five answers) is missing; the touched ideas' support counters are compared
with their rows. Then everything the run wrote is deleted (supports with their counters, responses with their
answers, the e-mail addresses and sessions it created), so the data set is as before for other benchmarks.
"""

import json
import math
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

import psutil
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, transaction

from accounts.models import User
from bench.http import Site

SECONDS = int(os.environ.get("LOADTEST_SECONDS", 60))
RATE = float(os.environ.get("LOADTEST_RATE", 100))
SURVEY_RATE = float(os.environ.get("LOADTEST_SURVEY_RATE", 50))
ACCOUNTS = int(os.environ.get("LOADTEST_ACCOUNTS", 2000))
SCENARIOS = os.environ.get("LOADTEST_SCENARIOS", "vote survey").split()
# The set-up a city deploys (the Dockerfile: gunicorn, 3 sync workers, WEB_WORKERS; docs/performance.md, "Load test"):
# one worker more than the 2 cores, so a core is not idle while a worker waits for PostgreSQL or Redis.
WORKERS = int(os.environ.get("LOADTEST_WORKERS", 3))
THREADS = int(os.environ.get("LOADTEST_THREADS", 1))
PROCESSES = int(os.environ.get("LOADTEST_PROCESSES", 1))
SERVER_ARGS = ("--worker-class", "gthread", "--threads", str(THREADS)) if THREADS > 1 else ()
# LOADTEST_ACCESS_LOG=<file>: gunicorn logs each request's time inside the worker (%(D)s, microseconds), to tell the
# server's share of a latency from the time before the worker reads the request (accept queue, load generator).
if ACCESS_LOG := os.environ.get("LOADTEST_ACCESS_LOG"):
    SERVER_ARGS += ("--access-logfile", ACCESS_LOG, "--access-logformat", "%(m)s %(U)s %(s)s %(D)s")
# One trusted proxy: each simulated person's own address (X-Forwarded-For) meets the production limits.
SERVER_ENV = {"BENCH_QUERY_COUNT": "", "DJANGO_TRUSTED_PROXY_COUNT": "1"}
HOT_IDEAS = 50  # vote week: many supports go to the few ideas everybody talks about, where row locks queue
# More than an account can use in a run at the default rates (3 tasks per minute).
IDEAS_PER_ACCOUNT = int(os.environ.get("LOADTEST_IDEAS_PER_ACCOUNT", 8))


def _rows(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _accounts() -> tuple[list[dict], list[int]]:
    """ACCOUNTS accounts of the data set without an e-mail address record, given a confirmed one and a session
    in the server's session store; each with ideas it has not supported. Returns them and the new address ids."""
    users = list(
        User.objects.filter(is_active=True, is_staff=False, emailaddress__isnull=True)
        .order_by("id")
        .values_list("id", "email")[:ACCOUNTS]
    )
    addresses = [
        r[0]
        for r in _rows(
            'INSERT INTO account_emailaddress (user_id, email, verified, "primary") '
            "SELECT * FROM unnest(%s::bigint[], %s::text[]) AS u, (VALUES (true, true)) v RETURNING id",
            [[u for u, _ in users], [e for _, e in users]],
        )
    ]
    hot = [
        r[0]
        for r in _rows("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id LIMIT %s", [HOT_IDEAS])
    ]
    pool = [
        r[0]
        for r in _rows(
            "SELECT id FROM proposals_idea TABLESAMPLE SYSTEM (5) WHERE visibility = 'published' LIMIT 50000"
        )
    ]
    wanted = {
        user_id: random.sample(hot, IDEAS_PER_ACCOUNT // 2) + random.sample(pool, IDEAS_PER_ACCOUNT // 2)
        for user_id, _ in users
    }
    pairs = [(u, i) for u, ideas in wanted.items() for i in ideas]
    taken = set(
        _rows(
            "SELECT s.user_id, s.idea_id FROM proposals_support s "
            "JOIN unnest(%s::bigint[], %s::bigint[]) AS p(u, i) ON s.user_id = p.u AND s.idea_id = p.i",
            [[u for u, _ in pairs], [i for _, i in pairs]],
        )
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    accounts = []
    for user in User.objects.filter(pk__in=wanted).order_by("id"):
        session = store()
        session.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        session.create()
        ideas = list(dict.fromkeys(i for i in wanted[user.pk] if (user.pk, i) not in taken))
        random.shuffle(ideas)
        accounts.append(
            {"user": user.pk, "sessionid": session.session_key, "csrf": secrets.token_hex(16), "ideas": ideas}
        )
    return accounts, addresses


def _plan() -> dict:
    surveys = []
    for (survey_id,) in _rows(
        "SELECT id FROM surveys_survey WHERE opens_at < now() AND closes_at > now() AND access = 'anonymous' "
        "ORDER BY id"
    ):
        questions = dict(_rows("SELECT kind, id FROM surveys_question WHERE survey_id = %s", [survey_id]))
        if set(questions) != {"single", "scale", "point", "text", "stadtteil"}:
            continue
        choices = [r[0] for r in _rows("SELECT id FROM surveys_choice WHERE question_id = %s", [questions["single"]])]
        surveys.append({"id": survey_id, "questions": {k: str(v) for k, v in questions.items()}, "choices": choices})
    return {
        "accounts": [],
        "surveys": surveys,
        "points": [
            list(p)
            for p in _rows(
                "SELECT ST_X(g), ST_Y(g) FROM "
                "(SELECT (ST_Dump(ST_GeneratePoints(geom, 500))).geom g FROM geo_stadtteil) p"
            )
        ],
        "bboxes": ["7.70,49.41,7.80,49.47", "7.74,49.43,7.78,49.45", "7.60,49.35,7.95,49.55"],
        "browse_ideas": [
            r[0] for r in _rows("SELECT id FROM proposals_idea TABLESAMPLE SYSTEM (1) WHERE visibility = 'published'")
        ][:2000],
        "projects": [r[0] for r in _rows("SELECT slug FROM layers_project ORDER BY id")],
    }


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _machine() -> dict:
    """What the whole machine did so far: CPU time busy and in all (/proc/stat, ticks of all cores) and the time
    some task waited for a core or for I/O (/proc/pressure "some" totals, µs; absent on old kernels)."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    snapshot = {"busy": sum(ticks[:8]) - idle, "all": sum(ticks[:8]), "at": time.monotonic()}
    for resource in ("cpu", "io"):
        try:
            some = Path(f"/proc/pressure/{resource}").read_text().split("\n", 1)[0]
            snapshot[resource] = int(some.rsplit("total=", 1)[1])
        except (OSError, IndexError, ValueError):
            pass
    return snapshot


def _pressure(before: dict, after: dict) -> str:
    """Why requests waited: the cores' busy share, and the share of the run some task waited for a core
    (CPU pressure: queueing for the CPU) or for I/O (a commit's fsync, a page read from disk)."""
    busy = (after["busy"] - before["busy"]) / max(after["all"] - before["all"], 1)
    line = f"  machine: cores {busy:.0%} busy (every process)"
    elapsed_us = (after["at"] - before["at"]) * 1e6
    waits = [
        f"for {name} {(after[r] - before[r]) / elapsed_us:.0%}"
        for r, name in (("cpu", "a core"), ("io", "I/O"))
        if r in before and r in after
    ]
    if waits:
        line += "; some task waited " + " and ".join(waits) + " of the time (/proc/pressure)"
    return line


def _tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _summary(times: list[float]) -> str:
    """n, rate over the scenario, p50/p95/p99/max in ms (exact: nearest rank)."""
    if not times:
        return "n=0"
    ordered = sorted(times)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]

    return (
        f"n={len(ordered)} ({len(ordered) / SECONDS:.1f}/s) p50={rank(0.5):.0f} p95={rank(0.95):.0f} "
        f"p99={rank(0.99):.0f} max={ordered[-1]:.0f} ms"
    )


def _check(name: str, records: dict) -> dict:
    """What the database holds of the 2xx writes."""
    if name == "vote":
        pairs = records["supports"]
        missing = _rows(
            "SELECT count(*) FROM unnest(%s::bigint[], %s::bigint[]) AS p(u, i) WHERE NOT EXISTS "
            "(SELECT 1 FROM proposals_support s WHERE s.user_id = p.u AND s.idea_id = p.i)",
            [[u for u, _ in pairs], [i for _, i in pairs]],
        )[0][0]
        off = _rows(
            "SELECT count(*) FROM proposals_idea i WHERE i.id = ANY(%s) AND i.support_count <> "
            "(SELECT count(*) FROM proposals_support s WHERE s.idea_id = i.id)",
            [sorted({i for _, i in pairs})],
        )[0][0]
        return {"writes": len(pairs), "lost": missing, "counters_off": off}
    if name == "survey":
        ids = records["responses"]
        missing = _rows(
            "SELECT count(*) FROM unnest(%s::bigint[]) AS r(id) WHERE (SELECT count(*) FROM surveys_answer a "
            "WHERE a.response_id = r.id) <> 5 OR NOT EXISTS (SELECT 1 FROM surveys_response x WHERE x.id = r.id)",
            [ids],
        )[0][0]
        return {"writes": len(ids), "lost": missing}
    return {}


def _clean(name: str, accounts: list[dict], since: dict) -> dict:
    """Delete what the scenario wrote, also rows of requests whose answer locust no longer waited for."""
    with transaction.atomic():
        if name == "vote":
            users = [a["user"] for a in accounts]
            removed = _rows(
                "WITH gone AS (DELETE FROM proposals_support WHERE id > %s AND user_id = ANY(%s) RETURNING idea_id), "
                "n AS (SELECT idea_id, count(*) c FROM gone GROUP BY idea_id) "
                "UPDATE proposals_idea i SET support_count = i.support_count - n.c FROM n WHERE i.id = n.idea_id "
                "RETURNING n.c",
                [since["support"], users],
            )
            return {"rows": sum(r[0] for r in removed)}
        if name == "survey":
            ids = [
                r[0]
                for r in _rows("SELECT id FROM surveys_response WHERE id > %s AND user_id IS NULL", [since["response"]])
            ]
            _rows(
                "DELETE FROM surveys_answerchoice WHERE answer_id IN "
                "(SELECT id FROM surveys_answer WHERE response_id = ANY(%s))",
                [ids],
            )
            _rows("DELETE FROM surveys_answer WHERE response_id = ANY(%s)", [ids])
            _rows("DELETE FROM surveys_response WHERE id = ANY(%s)", [ids])
            return {"rows": len(ids)}
    return {"rows": 0}


def _locust(name: str, env: dict, users: int, port: int, workdir: Path) -> tuple[float, float]:
    """Runs locust to its end; returns the wall time and the load generator's CPU seconds."""
    locust = Path(sys.executable).with_name("locust")
    command = [
        str(locust), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
        "--host", f"http://127.0.0.1:{port}", "-u", str(users), "-r", str(users), "-t", f"{SECONDS}s",
        "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    if PROCESSES > 1:
        command += ["--processes", str(PROCESSES)]
    start = time.monotonic()
    with open(workdir / f"{name}.log", "w") as log:  # locust's own summary, shown when it recorded nothing
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log)  # noqa: S603 (our own command line)
        cpu = 0.0
        while process.poll() is None:  # the load generator's CPU, its forked processes included
            try:
                cpu = max(cpu, _cpu(_tree(process.pid)))
            except psutil.NoSuchProcess:
                break
            time.sleep(1)
    return time.monotonic() - start, cpu


def _scenario(name: str, plan: dict, workdir: Path) -> str:
    rate = SURVEY_RATE if name == "survey" else RATE
    # Each user starts a task every `interval` seconds at a random phase (bench/locustfile.py), so all of them
    # run and the tasks arrive at `rate` per second from the start; a vote user is one account.
    interval = min(float(os.environ.get("LOADTEST_INTERVAL", 20)), SECONDS)
    users = max(1, round(rate * interval))
    if name == "vote" and users > len(plan["accounts"]):
        raise RuntimeError(f"LOADTEST_ACCOUNTS={len(plan['accounts'])} is too few for {rate:g}/s: {users} needed")
    plan_file = workdir / f"{name}-plan.json"
    plan_file.write_text(json.dumps({**plan, "accounts": plan["accounts"] if name == "vote" else []}))
    out = workdir / name
    out.mkdir()
    since = {
        "support": _rows("SELECT coalesce(max(id), 0) FROM proposals_support")[0][0],
        "response": _rows("SELECT coalesce(max(id), 0) FROM surveys_response")[0][0],
    }
    env = {
        **os.environ,
        "LOADTEST_PLAN": str(plan_file),
        "LOADTEST_SCENARIO": name,
        "LOADTEST_OUT": str(out),
        "LOADTEST_USERS": str(users),
        "LOADTEST_RATE": str(rate),
        "LOADTEST_PROCESSES": str(PROCESSES),
    }
    # A server of its own per scenario: stopping it drops the requests still queued (locust no longer waits for
    # them), so no late write lands after the check and the clean-up below.
    with Site(workers=WORKERS, env=SERVER_ENV, args=SERVER_ARGS, start=300) as site:
        _warm_up(site, plan)
        gunicorn = _tree(site.process.pid)
        load_before = Path("/proc/loadavg").read_text().split()[0]
        server_cpu = _cpu(gunicorn)
        machine_before = _machine()
        wall, generator_cpu = _locust(name, env, users, site.port, workdir)
        machine_after = _machine()
        server_cpu = _cpu(gunicorn) - server_cpu
        load_after = Path("/proc/loadavg").read_text().split()[0]
    if not any(out.glob("*.json")):
        raise RuntimeError("locust recorded nothing:\n" + (workdir / f"{name}.log").read_text()[-3000:])
    records = {"status": {}, "times": {}, "supports": [], "responses": []}
    for path in out.glob("*.json"):
        part = json.loads(path.read_text())
        for key, value in part["status"].items():
            records["status"][key] = records["status"].get(key, 0) + value
        for key, value in part["times"].items():
            records["times"].setdefault(key, []).extend(value)
        records["supports"] += part["supports"]
        records["responses"] += part["responses"]
    checked = _check(name, records)
    cleaned = _clean(name, plan["accounts"], since)
    statuses = [(key.rsplit(" ", 1)[1], n) for key, n in records["status"].items()]
    server_errors = sum(n for status, n in statuses if status.startswith("5"))
    unanswered = sum(n for status, n in statuses if status == "0")
    every = [t for times in records["times"].values() for t in times]
    lines = [
        f"scenario={name} target={rate:g} tasks/s for {SECONDS} s, {users} users, load average {load_before} -> "
        f"{load_after}",
        f"  all requests: {_summary(every)}, server_errors={server_errors} no_answer={unanswered}",
        *(f"  {key}: {_summary(times)}" for key, times in sorted(records["times"].items())),
    ]
    if checked:
        writes_per_second = checked["writes"] / SECONDS
        lines.append(
            f"  writes_2xx={checked['writes']} ({writes_per_second:.1f}/s of {rate:g}) lost={checked['lost']}"
            + (f" counters_off={checked['counters_off']}" if "counters_off" in checked else "")
            + f" rows_deleted_after={cleaned['rows']}"
            + (" (short of the target: the server fell behind)" if writes_per_second < 0.95 * rate else "")
        )
    lines.append("  status: " + ", ".join(f"{k}={v}" for k, v in sorted(records["status"].items())))
    answered = max(len(every) - unanswered, 1)
    lines.append(
        f"  cpu: gunicorn {server_cpu:.1f} s ({server_cpu * 1000 / answered:.1f} ms per answered request), "
        f"locust {generator_cpu:.1f} s ({generator_cpu * 1000 / max(len(every), 1):.1f} ms per request, its start "
        f"included; {generator_cpu / wall:.0%} of one core) over {wall:.0f} s"
    )
    lines.append(_pressure(machine_before, machine_after))
    return "\n".join(lines)


def _warm_up(site: Site, plan: dict) -> None:
    """A freshly started worker imports half the site on its first requests: a few of each kind first, not timed."""
    paths = ["/", f"/ideen/{plan['browse_ideas'][0]}/", f"/api/v1/surveys/{plan['surveys'][0]['id']}/"] * 4
    for path in paths:
        site.get(path)
    if plan["accounts"]:
        site.cookies = {"sessionid": plan["accounts"][0]["sessionid"]}
        for idea in plan["browse_ideas"][1:9]:
            site.get(f"/ideen/{idea}/")
        site.cookies = {}


def run() -> None:
    ideas = _rows("SELECT count(*) FROM proposals_idea")[0][0]
    server = f"{WORKERS} workers" + (f" x {THREADS} threads (gthread)" if THREADS > 1 else " (sync)")
    print(
        f"Load test on {ideas:,} ideas, {SECONDS} s per scenario: vote {RATE:g}/s, survey {SURVEY_RATE:g}/s; "
        f"gunicorn {server}, {PROCESSES} locust process(es); sessions in {settings.SESSION_ENGINE}",
        flush=True,
    )
    plan = _plan()
    accounts, addresses = _accounts() if "vote" in SCENARIOS else ([], [])
    plan["accounts"] = accounts
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name in SCENARIOS:
                print(_scenario(name, plan, Path(tmp)), flush=True)
    finally:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for account in accounts:
            store(session_key=account["sessionid"]).delete()
        _rows("DELETE FROM account_emailaddress WHERE id = ANY(%s)", [addresses])
