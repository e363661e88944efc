"""OGC API items pages of 1,000 ideas at several depths of the scale data set: ours against pygeoapi 0.21 on the
same table (`python -m bench ogc` with DATABASE_URL pointing at SCALE_DB; bench/gis.py does the same on the
development database with generated rows and offset paging on both sides).

Each server runs under gunicorn with one worker on loopback. pygeoapi's PostgreSQL provider pages by OFFSET and
counts numberMatched exactly; ours is asked both ways: by its own `next` links (keyset, `after=<id>`), which is
how QGIS and GDAL page it, so a page at depth d is asked for with the id that ends the page before it, and by
`offset` as other clients do (the key of the offset row sought on an index, then the page read from it).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.db import connection

from bench.gis import _ensure_pygeoapi, _pygeoapi_config
from bench.http import free_port, serve, stop

DEPTHS = [0, 100_000, 500_000, 900_000]
CITY = "7.60,49.35,7.95,49.55"  # all of Kaiserslautern
REPEAT = int(os.environ.get("BENCH_REPEAT", 15))
DJANGO_PORT, PYGEOAPI_PORT = free_port(), free_port()  # never fixed ones: other servers run on this machine


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (loopback)
        response.read()
    return time.perf_counter() - start


def _timed(url: str) -> tuple[float, float]:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (loopback); warms up too
        returned = len(json.loads(response.read())["features"])
    assert returned == 1000, f"{url} returned {returned} features"
    samples = sorted(_get(url) for _ in range(REPEAT))
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def run() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM proposals_idea WHERE visibility = 'published'")
        published = cursor.fetchone()[0]
        keys = {}
        for depth in DEPTHS:
            cursor.execute(
                "SELECT coalesce((SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id "
                "OFFSET %s LIMIT 1) - 1, 0)",
                [depth],
            )
            keys[depth] = cursor.fetchone()[0]
    directory = Path(tempfile.mkdtemp(prefix="klmw-ogc-"))
    venv = _ensure_pygeoapi()
    config = _pygeoapi_config(directory, PYGEOAPI_PORT)
    env = {"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(directory / "openapi.yml")}
    subprocess.run(  # noqa: S603 (our own command line)
        [venv / "bin" / "pygeoapi", "openapi", "generate", str(config), "--output-file", directory / "openapi.yml"],
        env={**os.environ, **env}, check=True, capture_output=True,
    )  # fmt: skip
    pygeoapi = serve(
        [venv / "bin" / "gunicorn", "pygeoapi.flask_app:APP", "-b", f"127.0.0.1:{PYGEOAPI_PORT}", "-w", "1"],
        f"http://127.0.0.1:{PYGEOAPI_PORT}/",
        env=env,
        quiet=True,
    )
    ours = serve(
        [Path(sys.executable).parent / "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{DJANGO_PORT}", "-w", "1"],
        f"http://127.0.0.1:{DJANGO_PORT}/healthz",
        env={"DJANGO_DEBUG": "false"},
    )
    try:
        print(f"\n## OGC API items, pages of 1,000 out of {published:,} published ideas (1 gunicorn worker each)")
        print(f"load average at the start: {Path('/proc/loadavg').read_text().split()[0]}\n")
        print(
            "| depth (features before the page) | pygeoapi 0.21 p50 / p95 ms | ours by `after` p50 / p95 ms "
            "| ours by `offset` p50 / p95 ms | ratio (p50, offset; bbox: ours) |"
        )
        print("|---:|---:|---:|---:|---:|")
        for depth in DEPTHS:
            base = f"http://127.0.0.1:{PYGEOAPI_PORT}/collections/ideen/items?f=json&limit=1000&offset={depth}"
            mine = f"http://127.0.0.1:{DJANGO_PORT}/ogc/collections/ideen/items?limit=1000"
            theirs = _timed(base)
            by_key = _timed(mine + (f"&after={keys[depth]}" if depth else ""))
            by_offset = _timed(mine + f"&offset={depth}")
            print(
                f"| {depth:,} | {theirs[0] * 1000:.0f} / {theirs[1] * 1000:.0f} | {by_key[0] * 1000:.0f} / "
                f"{by_key[1] * 1000:.0f} | {by_offset[0] * 1000:.0f} / {by_offset[1] * 1000:.0f} "
                f"| {by_offset[0] / theirs[0]:.2f} |",
                flush=True,
            )
        # The whole city as a bbox: pygeoapi counts every match exactly, ours caps the count (page 1 of 1,000).
        theirs = _timed(f"http://127.0.0.1:{PYGEOAPI_PORT}/collections/ideen/items?f=json&limit=1000&bbox={CITY}")
        mine = _timed(f"http://127.0.0.1:{DJANGO_PORT}/ogc/collections/ideen/items?limit=1000&bbox={CITY}")
        print(
            f"| city bbox, first page | {theirs[0] * 1000:.0f} / {theirs[1] * 1000:.0f} | {mine[0] * 1000:.0f} / "
            f"{mine[1] * 1000:.0f} | | {mine[0] / theirs[0]:.2f} |",
            flush=True,
        )
        print(f"\nload average at the end: {Path('/proc/loadavg').read_text().split()[0]}", flush=True)
    finally:
        stop(pygeoapi)
        stop(ours)
