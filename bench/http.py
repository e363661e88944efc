"""The HTTP benchmark harness: the site under gunicorn on loopback, timed from outside, next to its floor.

    with Site() as site:                      # gunicorn on 127.0.0.1 (a free port) with the current DATABASE_URL
        page = site.measure("/ideen/")        # p50/p95 over HTTP and the page's query count
        floor = measure_sql(BARE_SQL, params) # the same page's bare SQL on a direct connection, same run
        print_table("…", [page.row("GET /ideen/"), floor.row("bare SQL (floor)")], floor)

The server adds an X-Query-Count header (bench.middleware, switched on by BENCH_QUERY_COUNT only in the
server this harness starts), so the budget report shows queries per page without touching production code.
"""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", 0))  # 0: a free one (other servers run on this machine)
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
REPEAT = int(os.environ.get("BENCH_REPEAT", 30))
# How long gunicorn may take to answer; a machine under heavy load needs more than a minute to import Django.
START_SECONDS = float(os.environ.get("BENCH_START_SECONDS", 60))


@dataclass(frozen=True)
class Timing:
    samples: list[float]  # seconds
    queries: int | None = None
    status: int = 200
    size: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def row(self, name: str, floor: "Timing | None" = None) -> str:
        ratio = f"{self.p50 / floor.p50:.2f}" if floor else ""
        queries = "" if self.queries is None else str(self.queries)
        return f"| {name} | {self.p50 * 1000:.1f} | {self.p95 * 1000:.1f} | {queries} | {ratio} |"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(command: list, url: str, *, env: dict | None = None, quiet: bool = False) -> subprocess.Popen:
    """Starts a server of ours (`command`, in its own process group) and waits until `url` answers; `stop` it."""
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        command, env={**os.environ, **(env or {})}, stdout=output, stderr=output, start_new_session=True
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 (loopback)
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"{command[0]} did not answer at {url}")


def stop(process: subprocess.Popen) -> None:
    """Ends a server that `serve` started, with its workers."""
    os.killpg(process.pid, signal.SIGTERM)
    process.wait()


def print_table(title: str, rows: list[str]) -> None:
    print(f"\n## {title}\n\n| what | p50 ms | p95 ms | queries | ratio to floor |\n|---|---:|---:|---:|---:|")
    for row in rows:
        print(row, flush=True)


class Site:
    """gunicorn serving config.wsgi on loopback for the duration of a `with` block."""

    def __init__(
        self,
        *,
        workers: int = WORKERS,
        port: int = PORT,
        env: dict | None = None,
        args: tuple = (),
        start: float = START_SECONDS,
    ):
        self.port = port or free_port()
        self.workers = workers
        self.env = {**os.environ, "BENCH_QUERY_COUNT": "1", "DJANGO_DEBUG": "false", **(env or {})}
        self.args = list(args)  # more gunicorn options, e.g. a longer --timeout
        self.start = start  # seconds to wait for the first answer (a busy machine imports slowly)
        self.process: subprocess.Popen | None = None
        self.cookies: dict[str, str] = {}

    def __enter__(self) -> "Site":
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                str(gunicorn),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(self.workers),
                "--log-level",
                "warning",
                *self.args,
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + self.start
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer on port {self.port}")

    def __exit__(self, *_exc) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still busy with a slow request
                self.process.kill()
                self.process.wait()

    def get(self, path: str) -> tuple[int, bytes, int | None]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1", "Accept-Language": "de"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        count = response.getheader("X-Query-Count")
        return response.status, body, int(count) if count else None

    def measure(self, path: str, *, repeat: int = REPEAT, warmup: int = 2) -> Timing:
        for _ in range(warmup):
            status, body, queries = self.get(path)
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            status, body, queries = self.get(path)
            samples.append(time.perf_counter() - start)
        return Timing(samples, queries, status, len(body))


def measure_sql(sql: str, params=None, *, repeat: int = REPEAT, warmup: int = 2) -> Timing:
    """The floor: the page's bare SQL on a direct connection, with the result fetched."""
    return measure_statements([(sql, params)], repeat=repeat, warmup=warmup)


def measure_statements(statements: list[tuple[str, object]], *, repeat: int = REPEAT, warmup: int = 2) -> Timing:
    """The floor of a page that runs several statements: all of them in turn, each result fetched, per sample."""
    with connection.cursor() as cursor:
        for _ in range(warmup):
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            samples.append(time.perf_counter() - start)
    return Timing(samples)


def statements_of(call) -> list[tuple[str, object]]:
    """The statements (SQL and parameters) that `call()` sends, in order, recorded as it runs once."""
    recorded = []

    def record(execute, sql, params, many, context):
        recorded.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call()
    return recorded
