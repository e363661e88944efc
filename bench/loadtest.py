"""`make loadtest`: locust (headless) against gunicorn on the scale data set, one scenario after another.

Settings: LOADTEST_SECONDS (per scenario, default 60), LOADTEST_USERS (default 200), LOADTEST_RATE (target
tasks per second per scenario, default 150: a vote task is a read and a support, a survey task opening the
survey and submitting a response, a browse task one page), LOADTEST_SCENARIOS (default "vote survey browse"),
LOADTEST_WORKERS (gunicorn workers, default 2). Redis is used when REDIS_URL is set. Each scenario ends with

    scenario=vote req/s=… writes/s=… p95_ms=… p99_ms=… server_errors=… lost=…

where lost = 2xx writes − new rows in the database (supports or survey responses) during the scenario
(never negative: rows of requests still in flight when locust stopped are counted as unanswered_writes).
All load comes from 127.0.0.1, so the per-address limits are lifted for this server only (per-account
limits stay).
"""

import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection

from accounts.models import User
from bench.http import Site

SECONDS = int(os.environ.get("LOADTEST_SECONDS", 60))
USERS = int(os.environ.get("LOADTEST_USERS", 200))
RATE = float(os.environ.get("LOADTEST_RATE", 150))
SCENARIOS = os.environ.get("LOADTEST_SCENARIOS", "vote survey browse").split()
PORT = int(os.environ.get("LOADTEST_PORT", 8131))
HOT_IDEAS = 50  # vote week: most supports go to a few ideas, which is where row locks queue
ROWS = {"vote": "proposals_support", "survey": "surveys_response", "browse": None}
REQUESTS_PER_TASK = {"vote": 2, "survey": 2, "browse": 1}  # a vote is a read and a support, a survey task two


def _rows(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _sessions() -> list[dict]:
    """LOADTEST_USERS verified accounts, each signed in, with distinct ideas to support (hot ones first)."""
    hot = [
        r[0]
        for r in _rows("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id LIMIT %s", [HOT_IDEAS])
    ]
    sessions = []
    for n in range(USERS):
        user, _ = User.objects.get_or_create(username=f"loadtest{n}", defaults={"email": f"loadtest{n}@example.org"})
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        session = import_module(settings.SESSION_ENGINE).SessionStore()  # the server's (Redis when set)
        session.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        session.create()
        fresh = _rows(
            """SELECT i.id FROM proposals_idea i WHERE i.visibility = 'published' AND i.id = ANY(%s)
               AND NOT EXISTS (SELECT 1 FROM proposals_support s WHERE s.idea_id = i.id AND s.user_id = %s)""",
            [hot, user.pk],
        )
        sessions.append(
            {"sessionid": session.session_key, "csrf": secrets.token_hex(16), "ideas": [r[0] for r in fresh]}
        )
    return sessions


def _plan() -> dict:
    surveys = []
    for (survey_id,) in _rows("SELECT id FROM surveys_survey WHERE opens_at < now() AND closes_at > now() ORDER BY id"):
        questions = dict(_rows("SELECT kind, id FROM surveys_question WHERE survey_id = %s", [survey_id]))
        choices = [r[0] for r in _rows("SELECT id FROM surveys_choice WHERE question_id = %s", [questions["single"]])]
        surveys.append({"id": survey_id, "questions": {k: str(v) for k, v in questions.items()}, "choices": choices})
    return {
        "sessions": _sessions(),
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
            r[0]
            for r in _rows("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY random() LIMIT 2000")
        ],
        "projects": [r[0] for r in _rows("SELECT slug FROM layers_project ORDER BY id")],
    }


def _count(table: str | None) -> int:
    return _rows(f"SELECT count(*) FROM {table}")[0][0] if table else 0


def _scenario(name: str, plan_file: str, host: str, workdir: Path) -> str:
    before = _count(ROWS[name])
    counts_file = workdir / f"{name}-counts.json"
    env = {
        **os.environ,
        "LOADTEST_PLAN": plan_file,
        "LOADTEST_SCENARIO": name,
        "LOADTEST_COUNTS": str(counts_file),
        "LOADTEST_USERS": str(USERS),
        "LOADTEST_RATE": str(RATE),
    }
    locust = Path(sys.executable).with_name("locust")
    subprocess.run(  # noqa: S603 (our own command line)
        [str(locust), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless", "--host", host,
         "-u", str(USERS), "-r", str(max(1, USERS // 5)), "-t", f"{SECONDS}s", "--csv", str(workdir / name),
         "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING"],
        env=env, check=False,
    )  # fmt: skip
    after = _count(ROWS[name])
    with open(workdir / f"{name}_stats.csv") as stats_file:
        total = next(r for r in csv.DictReader(stats_file) if r["Name"] == "Aggregated")
    counts = json.loads(counts_file.read_text())
    new_rows = after - before if ROWS[name] else counts["writes_2xx"]
    # A 2xx without its row is lost; a row whose answer locust did not wait for (still in flight at the end)
    # is not, so it is reported apart.
    lost = max(0, counts["writes_2xx"] - new_rows)
    unanswered = max(0, new_rows - counts["writes_2xx"])
    rate = float(total["Requests/s"])
    target = RATE * REQUESTS_PER_TASK[name]
    short = f" (target {target:g} req/s: the loop closed)" if rate < 0.9 * target else ""
    writes = f"writes/s={counts['writes_2xx'] / SECONDS:.1f} " if ROWS[name] else ""
    return (
        f"scenario={name} req/s={rate:.1f} {writes}p95_ms={total['95%']} p99_ms={total['99%']} "
        f"server_errors={counts['server_errors']} lost={lost} unanswered_writes={unanswered} "
        f"requests={total['Request Count']} "
        f"failures={total['Failure Count']}{short}"
    )


def run() -> None:
    ideas = _rows("SELECT count(*) FROM proposals_idea")[0][0]
    print(f"Load test on {ideas:,} ideas: {SECONDS} s per scenario, {USERS} users, target {RATE:g} req/s", flush=True)
    plan = _plan()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        plan_file = workdir / "plan.json"
        plan_file.write_text(json.dumps(plan))
        limits = {"PROPOSALS_RATE_SUPPORT": "100000/m", "SURVEY_ANONYMOUS_RATE": "10000000/h"}
        workers = int(os.environ.get("LOADTEST_WORKERS", 2))
        with Site(port=PORT, workers=workers, env={"BENCH_QUERY_COUNT": "", **limits}):
            lines = [_scenario(name, str(plan_file), f"http://127.0.0.1:{PORT}", workdir) for name in SCENARIOS]
    print("\n".join(lines), flush=True)
