"""Geocoding and locating, against the bare SQL floor and the naive per-point approach. Geocoding is asked
over HTTP (`/api/v1/geocode/` under gunicorn); locating compares two ways to write, not an endpoint."""

import random
from urllib.parse import quote

from django.contrib.gis.geos import Point
from django.db import connection

from bench.http import Site
from bench.timing import median_seconds, report
from geo.districting import locate
from geo.models import CityBoundary, Place
from geo.selectors import GEOCODE_THRESHOLD, geocode

QUERIES = ["Fruchthalle", "Pfaltztheater", "Rummelstr 9", "pirmasenser strasse 12", "Marktstraße", "Betzenberg"]

BARE_GEOCODE_SQL = """
SELECT p.id, p.label, ST_X(p.location), ST_Y(p.location), s.number
FROM geo_place p LEFT JOIN geo_stadtteil s ON s.id = p.stadtteil_id
WHERE p.search_text %%> %s
ORDER BY word_similarity(%s, p.search_text) DESC, similarity(p.search_text, %s) DESC
LIMIT 10
"""


def _bare_geocode():
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [GEOCODE_THRESHOLD])
        for q in QUERIES:
            text = q.lower()
            cursor.execute(BARE_GEOCODE_SQL, [text, text, text])
            cursor.fetchall()


def _random_points(n: int) -> list[Point]:
    rnd = random.Random(7)
    xmin, ymin, xmax, ymax = CityBoundary.objects.get().geom.extent
    return [Point(rnd.uniform(xmin, xmax), rnd.uniform(ymin, ymax), srid=4326) for _ in range(n)]


def _join_points(points: list[Point]):
    """All points located in one statement: how contributions get their district on write in bulk."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(s.id) FROM unnest(%s::float8[], %s::float8[]) AS p(x, y)
            LEFT JOIN geo_stadtteil s ON ST_Intersects(s.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326))
            """,
            [[p.x for p in points], [p.y for p in points]],
        )
        cursor.fetchone()


def _over_http(site: Site) -> None:
    for q in QUERIES:
        status, _body, _queries = site.get(f"/api/v1/geocode/?q={quote(q)}")
        assert status == 200, (q, status)


def run() -> None:
    with Site() as site:
        rows = [
            ("bare SQL (floor)", median_seconds(_bare_geocode)),
            ("GET /api/v1/geocode/ over HTTP", median_seconds(lambda: _over_http(site))),
            ("geo.selectors.geocode (in-process)", median_seconds(lambda: [geocode(q) for q in QUERIES])),
        ]
    title = f"Geocoding {len(QUERIES)} queries in a gazetteer of {Place.objects.count():,} entries"
    report(title, rows, "bare SQL (floor)")

    print(
        "\nIn-process on purpose: no request locates 2,000 points one by one; this shows why writes locate in one"
        " spatial join (the districting module) instead of calling locate() per row."
    )
    points = _random_points(2000)
    rows = [
        ("one spatial join (floor)", median_seconds(lambda: _join_points(points), repeat=5)),
        ("locate() per point", median_seconds(lambda: [locate(p) for p in points], repeat=3)),
    ]
    report("Locating 2,000 points in their Stadtteil", rows, "one spatial join (floor)")
