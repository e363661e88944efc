"""The formal procedure, over HTTP under gunicorn (bench.http.Site) with floors measured in the same run:

- importing a Flächennutzungsplan of 800 features in 20 classes (target ≤ 10 s; in process, rolled back);
- the staff statement list of a procedure with 50,000 statements (target p95 < 300 ms; floor: its bare SQL);
- the Abwägungstabelle PDF of 5,000 statements (target < 60 s with bounded memory): the job through a real Celery
  worker over Redis, its processes' RSS sampled, against 1,000 statements;
- submitting a statement through the API (target p95 < 200 ms; the receipt mail is queued after the commit;
  floor: GET /healthz on the same server).

The procedures are committed (gunicorn reads through its own connections) and deleted again at the end.
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bauleitplanung.models import Procedure, Step
from bauleitplanung.services.plans import plan_import
from bauleitplanung.xplan import samples as xf
from bench.http import Site, Timing, measure_sql, print_table
from bench.pages import staff_session
from layers.models import Project

FEATURES, CLASSES = 800, 20
LIST_STATEMENTS, PDF_STATEMENTS, PDF_SMALL = 50_000, 5_000, 1_000
SUBMITS = int(os.environ.get("BENCH_SUBMITS", 200))
REPEAT = int(os.environ.get("BENCH_REPEAT", 30))
DAY = timedelta(days=1)

# Realistic lengths: a statement of ~700 characters, a concern's summary of ~100, a reasoning of ~330.
TEXT = (
    "Ich wende mich gegen die geplante Bebauung an der Pfaffstraße. Die Bäume entlang des Weges sind für das "
    "Stadtklima wichtig, der Verkehr in der Königstraße nimmt schon heute zu, und die geplanten Stellplätze "
    "reichen nicht aus. Ich bitte, die Höhe der Gebäude zu begrenzen und den Grünzug zu erhalten. "
)
SUMMARY = "Erhalt der Bäume und des Grünzugs; Begrenzung der Gebäudehöhe; Verkehr in der Königstraße."
REASON = (
    "Der Bebauungsplan setzt den Grünzug als öffentliche Grünfläche fest und sichert die Bäume durch eine "
    "Erhaltungsfestsetzung. Die Gebäudehöhe ist auf 15 m begrenzt. Das Verkehrsgutachten zeigt, dass die "
    "Königstraße den zusätzlichen Verkehr aufnehmen kann; eine Änderung des Entwurfs ist nicht erforderlich."
)

# One statement in ten by letter, one in four with a postal address only; every one weighed (one concern).
FILL_SQL = """
INSERT INTO bauleitplanung_statement (procedure_id, step_id, number, channel, name, email, address, text,
    received_at, is_late, is_demo, created_at)
SELECT %(procedure)s, %(step)s, n, CASE WHEN n %% 10 = 0 THEN 'letter' ELSE 'online' END, 'Person ' || n,
    CASE WHEN n %% 4 = 0 THEN '' ELSE 'p' || n || '@example.org' END,
    CASE WHEN n %% 4 = 0 THEN 'Marktstraße ' || n || E'\\n67655 Kaiserslautern' ELSE '' END,
    'Nr. ' || n || ': ' || repeat(%(text)s, 2), now() - make_interval(secs => n * 60), false, true, now()
FROM generate_series(1, %(n)s) AS n;
INSERT INTO bauleitplanung_concern (statement_id, "order", summary, topic, decision, decision_reason, decided_at)
SELECT id, 1, %(summary)s, '', 'teilweise', %(reason)s, now()
FROM bauleitplanung_statement WHERE procedure_id = %(procedure)s;
UPDATE bauleitplanung_procedure SET last_number = %(n)s WHERE id = %(procedure)s;
"""

# The staff list's own SQL (the count for the pager and one page of 50 with the step), without Django.
LIST_FLOOR_SQL = """
SELECT (SELECT count(*) FROM bauleitplanung_statement WHERE procedure_id = %(procedure)s),
       s.id, s.number, s.channel, s.name, substr(s.text, 1, 301), s.received_at, s.is_late, st.kind, st.starts_on,
       st.ends_on
FROM bauleitplanung_statement s JOIN bauleitplanung_step st ON st.id = s.step_id
WHERE s.procedure_id = %(procedure)s ORDER BY s.number DESC LIMIT 50
"""


def fill(procedure: Procedure, step: Step, n: int) -> None:
    """`n` weighed statements for the procedure, in SQL (committed by the caller's autocommit)."""
    with connection.cursor() as cursor:
        cursor.execute(FILL_SQL, {"procedure": procedure.pk, "step": step.pk, "n": n, "text": TEXT,
                                  "summary": SUMMARY, "reason": REASON})  # fmt: skip
        # What autovacuum does to a table that grew: the visibility map lets count(*) read the index only.
        cursor.execute("VACUUM ANALYZE bauleitplanung_statement")
        cursor.execute("VACUUM ANALYZE bauleitplanung_concern")


def _procedure(slug: str, n: int) -> Procedure:
    project = Project.objects.create(title=f"Bench Verfahren {n}", slug=slug, summary="-", topic="stadtplanung")
    procedure = Procedure.objects.create(project=project)
    today = timezone.localdate()
    step = Step.objects.create(procedure=procedure, kind=Step.Kind.VEROEFFENTLICHUNG, starts_on=today - 5 * DAY,
                               ends_on=today + 30 * DAY)  # fmt: skip
    if n:
        fill(procedure, step, n)
    return procedure


def _drop(procedure: Procedure) -> None:
    # In SQL: the ORM's collector would load 50,000 statements to delete them.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM bauleitplanung_concern WHERE statement_id IN "
            "(SELECT id FROM bauleitplanung_statement WHERE procedure_id = %(p)s);"
            "DELETE FROM bauleitplanung_statement WHERE procedure_id = %(p)s;",
            {"p": procedure.pk},
        )
    for pdf in procedure.table_pdfs.all():
        pdf.file.delete(save=False)
    procedure.project.delete()


def _import() -> None:
    data = xf.build(xf.fplan_features(FEATURES, CLASSES), version="6.0", plan_class="FP_Plan", name="FNP Bench",
                    area=xf.FPLAN_AREA)  # fmt: skip
    with transaction.atomic():
        project = Project.objects.create(title="Bench FNP", slug="bench-fnp", summary="-", topic="stadtplanung")
        start = time.perf_counter()
        version = plan_import(project=project, data=data, filename="fnp.gml", actor=None)
        seconds = time.perf_counter() - start
        layers = version.layers.count()
        transaction.set_rollback(True)
    print(f"\n## Bauleitplanung: XPlanGML import (in process)\n\n{FEATURES} features in {CLASSES} classes "
          f"({len(data) / 1e6:.1f} MB, {layers} layers): {seconds:.2f} s (target ≤ 10 s)")  # fmt: skip


def _workers(site: Site) -> list[int]:
    with open(f"/proc/{site.process.pid}/task/{site.process.pid}/children") as f:
        return [int(pid) for pid in f.read().split()]


def _kib(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _staff_list(site: Site, procedure: Procedure) -> None:
    path = f"/vorhaben/{procedure.project.slug}/stellungnahmen/"
    status, body, _q = site.get(path)
    assert status == 200, (status, body[:300])
    assert "Bürger:in".encode() not in body  # the staff list names people; a wrong page would not
    assert b"Person 50000" in body
    page = site.measure(path, repeat=REPEAT)
    last = site.measure(path + "?seite=1000", repeat=REPEAT)  # the last page: the oldest 50
    floor = measure_sql(LIST_FLOOR_SQL, {"procedure": procedure.pk}, repeat=REPEAT)
    print_table(
        f"Bauleitplanung: staff statement list, {LIST_STATEMENTS:,} statements (target p95 < 300 ms)",
        [
            page.row("GET …/stellungnahmen/ (first page of 50)", floor),
            last.row("GET …/stellungnahmen/?seite=1000 (last page)", floor),
            floor.row("bare SQL: count and one page (floor, direct connection)"),
        ],
    )


# A Redis database of its own, so no other worker on the machine takes the benchmark's jobs.
PDF_BROKER = os.environ.get("BENCH_PDF_BROKER", "redis://127.0.0.1:6379/14")
PDF_TIMEOUT = 1800


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (the Celery pool process and the Typst child of each part)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    stack += [int(child) for child in f.read().split()]
        except OSError:
            continue
    return found


def _rss(pids: list[int]) -> list[int]:
    sizes = []
    for pid in pids:
        try:
            sizes.append(_kib(pid, "VmRSS"))
        except OSError:
            continue
    return sizes


def _cpu(pid: int) -> float:
    """CPU seconds of a process and of its children it has waited for (the Typst child of each part)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _pdf_job(worker: subprocess.Popen, site: Site, procedure: Procedure) -> dict:
    """The staff's request queues the job; a real Celery worker over Redis sets the PDF while this samples the
    memory of the worker's processes every 50 ms; then gunicorn serves the file."""
    from bauleitplanung.models import TablePdf

    pool = _tree(worker.pid)[1]  # the prefork pool's one process, which runs the job
    cpu = _cpu(pool)
    start = time.perf_counter()
    # The request's own code (the service, the job queued after its commit) in a process configured like the
    # web server with Redis: this benchmark's process runs its jobs eagerly.
    subprocess.run([sys.executable, "-c", QUEUE_JOB, str(procedure.pk)], env=_worker_env(), cwd=settings.BASE_DIR,  # noqa: S603
                   check=True, timeout=300)  # fmt: skip
    pdf = TablePdf.objects.filter(procedure=procedure).latest("created_at")
    peak_one = peak_sum = 0
    while time.perf_counter() - start < PDF_TIMEOUT:
        sizes = _rss(_tree(worker.pid))
        peak_one, peak_sum = max(peak_one, max(sizes, default=0)), max(peak_sum, sum(sizes))
        pdf.refresh_from_db()
        if not pdf.is_active:
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    cpu = _cpu(pool) - cpu
    assert pdf.state == TablePdf.State.DONE, (pdf.state, pdf.error)
    path = f"/vorhaben/{procedure.project.slug}/stellungnahmen/abwaegungstabelle.pdf"
    served = time.perf_counter()
    status, body, _q = site.get(path)
    served = time.perf_counter() - served
    assert status == 200, (status, body[:300])
    assert body.startswith(b"%PDF-")
    return {"seconds": seconds, "job": pdf.seconds, "cpu": cpu, "pages": pdf.pages, "mb": len(body) / 1e6,
            "served": served, "peak_one": peak_one, "peak_sum": peak_sum}  # fmt: skip


QUEUE_JOB = """
import sys, django
django.setup()
from accounts.models import User
from bauleitplanung.models import Procedure
from bauleitplanung.services.papers import table_pdf_request
table_pdf_request(procedure=Procedure.objects.get(pk=int(sys.argv[1])), actor=User.objects.get(username="bench-staff"))
"""


def _worker_env() -> dict:
    return {**os.environ, "REDIS_URL": PDF_BROKER, "CELERY_TASK_ALWAYS_EAGER": "false"}


def _start_worker() -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--loglevel", "warning",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    worker = subprocess.Popen(command, cwd=settings.BASE_DIR, env=_worker_env())  # noqa: S603 (our own worker)
    deadline = time.monotonic() + 300
    while worker.poll() is None and time.monotonic() < deadline:
        ping = subprocess.run([sys.executable, "-m", "celery", "-A", "config", "inspect", "ping", "-t", "3"],
                              cwd=settings.BASE_DIR, env=_worker_env(), capture_output=True, timeout=120)  # fmt: skip
        if ping.returncode == 0:
            return worker
    worker.terminate()
    raise RuntimeError("the Celery worker did not start")


def _pdfs(small: Procedure, big: Procedure) -> None:
    """Through the path the staff use: the job queued after the commit, one Celery worker process (prefork,
    concurrency 1) taking it from Redis, Typst parts in child processes, then the download over gunicorn."""
    from bench.alerts import _redis_answers

    if not _redis_answers(PDF_BROKER):
        print(f"\n(the PDF part skipped: Redis does not answer at {PDF_BROKER})")
        return
    print(f"\n## Bauleitplanung: Abwägungstabelle as one tagged PDF/UA-1 (target {PDF_STATEMENTS:,} statements "
          "< 60 s, bounded memory)\n\nFrom the request that queues the job to the job's end; RSS sampled every "
          "50 ms over the worker's processes (its pool process and each part's Typst child).\n\n"
          "| statements | seconds | job s | job CPU s | pages | MB | download s | peak RSS, largest process | all |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|")  # fmt: skip
    worker = _start_worker()
    try:
        with Site(workers=1) as site:
            site.cookies = {settings.SESSION_COOKIE_NAME: staff_session()}
            for procedure, n in ((small, PDF_SMALL), (big, PDF_STATEMENTS)):
                r = _pdf_job(worker, site, procedure)
                print(f"| {n:,} | {r['seconds']:.1f} | {r['job']:.1f} | {r['cpu']:.1f} | {r['pages']:,} | "
                      f"{r['mb']:.1f} | {r['served']:.2f} | {r['peak_one'] / 1024:.0f} MB | "
                      f"{r['peak_sum'] / 1024:.0f} MB |", flush=True)  # fmt: skip
    finally:
        worker.terminate()
        worker.wait(timeout=120)


def _post(site: Site, path: str, body: dict) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=60)
    data = json.dumps(body).encode()
    headers = {"Host": "127.0.0.1", "Accept-Language": "de", "Content-Type": "application/json"}
    start = time.perf_counter()
    conn.request("POST", path, body=data, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed, response.status


def _submit(site: Site, procedure: Procedure) -> None:
    path = f"/api/v1/projects/{procedure.project.slug}/statements/"
    body = {"text": "Stellungnahme zum Flächennutzungsplan: " + TEXT, "name": "Bench", "email": "bench@example.org"}
    samples = []
    for i in range(SUBMITS + 3):
        elapsed, status = _post(site, path, body)
        assert status == 201, status
        if i >= 3:  # warm-up
            samples.append(elapsed)
    submit = Timing(samples, status=201)
    floor = site.measure("/healthz", repeat=REPEAT)
    stored = procedure.statements.count()
    print_table(
        f"Bauleitplanung: submitting a statement, POST …/statements/ (JSON, no account, e-mail receipt queued "
        f"after the commit), {SUBMITS} times (target p95 < 200 ms)",
        [submit.row("POST …/statements/ (201)", floor), floor.row("GET /healthz (floor, same server)")],
    )
    print(f"\n{stored} statements stored; p50 {statistics.median(samples) * 1000:.1f} ms.")


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# BENCH_PARTS=list,submit picks parts (the PDF of 5,000 statements takes minutes on a busy machine).
PARTS = set(os.environ.get("BENCH_PARTS", "import,list,submit,pdf").split(","))


def run() -> None:
    print(f"\nload average before: {_load()}")
    if "import" in PARTS:
        _import()
    listed = _procedure("bench-bauleitplanung-list", LIST_STATEMENTS if "list" in PARTS else 0)
    small = _procedure("bench-bauleitplanung-pdf-small", PDF_SMALL if "pdf" in PARTS else 0)
    big = _procedure("bench-bauleitplanung-pdf", PDF_STATEMENTS if "pdf" in PARTS else 0)
    submits = _procedure("bench-bauleitplanung-submit", 0)
    try:
        # The receipts go through Celery as in production; with no broker here the task runs eagerly, after
        # the commit, inside the request, so the figure includes rendering and handing over the mail.
        env = {
            "BAULEITPLANUNG_RATE_STATEMENT": "100000/m",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        with Site(env=env) as site:
            site.cookies = {settings.SESSION_COOKIE_NAME: staff_session()}
            if "list" in PARTS:
                _staff_list(site, listed)
            site.cookies = {}
            if "submit" in PARTS:
                _submit(site, submits)
        if "pdf" in PARTS:
            _pdfs(small, big)
    finally:
        for procedure in (listed, small, big, submits):
            _drop(procedure)
    print(f"\nload average after: {_load()}")
