"""GIS services on 1,000,000 published ideas: the GeoPackage export (`/api/v1/exports/ideen.gpkg` over HTTP)
against ogr2ogr reading the same rows straight from PostGIS (the floor), and an OGC API items page of 1,000
features against pygeoapi serving the same table. Both servers run under gunicorn with one worker and are asked
over HTTP.

`make bench` runs it on the scale data set (make bench-data: 954,772 published ideas), which it tops up to
BENCH_IDEAS published ideas; on any other database it inserts them all (a million take minutes to insert and
to delete). The ideas it inserts are marked and deleted at the end."""

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

from accounts.models import User
from bench.cpu import children
from bench.http import Site, free_port, serve, stop
from bench.ideas import ideas_delete
from bench.timing import median_seconds, report
from geo.exports import _pg_environment
from proposals.models import Category, Idea
from tests.factories import UserFactory

N_IDEAS = int(os.environ.get("BENCH_IDEAS", 1_000_000))
MARK = "Benchmark-Idee"
BENCH_VENV = Path(settings.BASE_DIR) / ".venv-bench"


def _published() -> int:
    return Idea.objects.filter(visibility="published").count()


def _insert_ideas(n: int) -> None:
    """n published ideas inside the Stadtteile, by population, with their Stadtteil set in the same statement."""
    author = UserFactory(username="benchmark", display_name="Benchmark")
    category = Category.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO proposals_idea (title, description, location, photo, status, official_answer, visibility,
                moderation_reason, support_count, comment_count, is_demo, created_at, published_at, author_id,
                category_id, stadtteil_id)
            SELECT %s || ' ' || s.number, 'Eine Idee für den Benchmark mit Umlauten: Grünfläche, Straße.',
                   p.geom, '', 'eingereicht', '', 'published', '', (random() * 30)::int, 0, true,
                   now() - random() * interval '365 days', now(), %s, %s, s.id
            FROM geo_stadtteil s
            CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(
                s.geom, greatest(1, round(%s::float8 * s.population / (SELECT sum(population) FROM geo_stadtteil))::int)
            )) p
            """,
            [MARK, author.pk, category.pk, n],
        )
        cursor.execute("ANALYZE proposals_idea")


def _remove_ideas() -> None:
    ideas_delete("title LIKE %s", [MARK + "%"])
    User.objects.filter(username="benchmark").delete()  # with its e-mail address and whatever else refers to it


def _floor_export(directory: Path) -> None:
    sql = (
        "SELECT i.id, i.title, i.description, i.status, i.support_count, i.created_at, s.name AS stadtteil, "
        "i.location FROM proposals_idea i JOIN geo_stadtteil s ON s.id = i.stadtteil_id "
        "WHERE i.visibility = 'published'"
    )
    target = directory / "floor.gpkg"
    target.unlink(missing_ok=True)
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(target), "PG:", "-sql", sql], env=_pg_environment(), check=True)  # noqa: S603,S607


def _our_export(site: Site, directory: Path) -> None:
    """The export as a planner gets it: over HTTP, the file streamed to disk."""
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=900)
    conn.request("GET", "/api/v1/exports/ideen.gpkg", headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    assert response.status == 200, response.status
    with (directory / "export.gpkg").open("wb") as target:
        while chunk := response.read(1 << 20):
            target.write(chunk)
    conn.close()


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MB."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def _pygeoapi_config(directory: Path, port: int) -> Path:
    db = connection.settings_dict
    config = directory / "pygeoapi.yml"
    config.write_text(
        f"""
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: de-DE
  limits: {{default_items: 100, max_items: 10000}}
  map: {{url: 'https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png', attribution: OSM}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: bench, description: bench, keywords: [bench], keywords_type: theme, terms_of_service: none, url: http://example.org}}
  license: {{name: CC-BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}}
  provider: {{name: bench, url: http://example.org}}
  contact: {{name: bench, position: bench, address: x, city: x, stateorprovince: x, postalcode: x, country: x, phone: x, fax: x, email: x@example.org, url: http://example.org, hours: x, instructions: x, role: pointOfContact}}
resources:
  ideen:
    type: collection
    title: ideen
    description: ideen
    keywords: [ideen]
    extents:
      spatial: {{bbox: [7.6, 49.3, 7.9, 49.5], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: '{db["HOST"] or "127.0.0.1"}', port: {db["PORT"] or 5432}, dbname: '{db["NAME"]}', user: '{db["USER"]}', password: '{db["PASSWORD"]}', search_path: [public]}}
        id_field: id
        table: proposals_idea
        geom_field: location
        properties: [title, description, status, official_answer, answered_at, support_count, comment_count, created_at, published_at]
"""  # noqa: E501
    )
    return config


def _ensure_pygeoapi() -> Path:
    if not (BENCH_VENV / "bin" / "pygeoapi").exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)  # noqa: S603
        requirements = Path(__file__).with_name("requirements-pygeoapi.txt")
        subprocess.run([BENCH_VENV / "bin" / "pip", "install", "-q", "-r", requirements], check=True)  # noqa: S603
    return BENCH_VENV


def _fetch(url: str) -> None:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310
        response.read()


def run() -> None:
    _remove_ideas()
    started = time.perf_counter()
    if (missing := N_IDEAS - _published()) > 0:
        _insert_ideas(missing)
    n = _published()
    inserted = Idea.objects.filter(title__startswith=MARK).count()
    print(f"\n({n:,} published ideas, {inserted:,} of them inserted in {time.perf_counter() - started:.0f} s)")
    directory = Path(tempfile.mkdtemp(prefix="klmw-bench-"))
    # one worker, as pygeoapi below; a million rows take about a minute, past gunicorn's default 30 s timeout
    try:
        with Site(workers=1, args=("--timeout", "900")) as site:
            (worker,) = children(site.process.pid)
            before = _peak_mb(worker)
            repeat = 1 if n > 200_000 else 3
            export = lambda: _our_export(site, directory)  # noqa: E731
            floor = lambda: _floor_export(directory)  # noqa: E731
            rows = [
                ("ogr2ogr from PostGIS (floor)", median_seconds(floor, repeat=repeat, warmup=0)),
                ("GET /api/v1/exports/ideen.gpkg over HTTP", median_seconds(export, repeat=repeat, warmup=0)),
            ]
            grown = _peak_mb(worker) - before
            report(
                f"GeoPackage export of {n:,} ideas (the web worker's peak memory grew by {grown:.0f} MB)",
                rows,
                "ogr2ogr from PostGIS (floor)",
            )

            venv = _ensure_pygeoapi()
            pygeoapi_port = free_port()
            config = _pygeoapi_config(directory, pygeoapi_port)
            openapi = directory / "openapi.yml"
            subprocess.run(  # noqa: S603
                [venv / "bin" / "pygeoapi", "openapi", "generate", str(config), "--output-file", str(openapi)],
                env={**os.environ, "PYGEOAPI_CONFIG": str(config)}, check=True, capture_output=True,
            )  # fmt: skip
            pygeoapi = serve(
                [venv / "bin" / "gunicorn", "pygeoapi.flask_app:APP", "-b", f"127.0.0.1:{pygeoapi_port}", "-w", "1"],
                f"http://127.0.0.1:{pygeoapi_port}/",
                env={"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)},
                quiet=True,
            )
            try:
                offsets = iter(range(0, 1_000_000, 1000))

                def page(base: str):
                    return lambda: _fetch(
                        f"{base}/collections/ideen/items?f=json&limit=1000&offset={next(offsets) % n}"
                    )

                rows = [
                    ("pygeoapi 0.21 (baseline)", median_seconds(page(f"http://127.0.0.1:{pygeoapi_port}"), repeat=15)),
                    ("KLmitWirkung /ogc/", median_seconds(page(f"http://127.0.0.1:{site.port}/ogc"), repeat=15)),
                ]
                report(f"OGC API items page of 1,000 features out of {n:,}", rows, "pygeoapi 0.21 (baseline)")
            finally:
                stop(pygeoapi)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        _remove_ideas()
