"""The features GeoJSON of a 50,000-feature layer with feedback counts against the same without them,
over HTTP under gunicorn on loopback (aim: ≤ 1.3×), and the bare SQL of the page with counts as the floor.

The layer and its feedback counts are committed (gunicorn reads through its own connections) and deleted
at the end. One feature in three has feedback; the counts and cell keys come from FeatureFeedbackStats, and
the opinion counts pass the disclosure policy in SQL, as in production.
"""

import os

from django.db import connection

from bench.http import Site
from bench.layers import FILL_SQL, drop_project
from bench.timing import median_seconds
from feedback.models import FeatureFeedbackStats
from geo.geojson import feature_collection
from layers import selectors
from layers.models import Layer, Project

FEATURES = 50_000
PORT = int(os.environ.get("BENCH_FEEDBACK_PORT", 8161))
REPEAT = int(os.environ.get("BENCH_REPEAT", 15))

STATS_SQL = """
INSERT INTO feedback_featurefeedbackstats
    (feature_id, total, dafuer, neutral, dagegen, total_key, dafuer_key, neutral_key, dagegen_key)
SELECT id, d + n + g, d, n, g, (dk + nk + gk) %% 65536, dk, nk, gk FROM (
    SELECT id, (random() * 8)::int AS d, (random() * 3)::int AS n, (random() * 6)::int AS g,
           (random() * 65535)::int AS dk, (random() * 65535)::int AS nk, (random() * 65535)::int AS gk
    FROM layers_feature WHERE layer_id = %s AND id %% 3 = 0
) s
"""


def _http(path: str, *, counts: bool) -> tuple[float, int]:
    """Median seconds and bytes of `path` under gunicorn (bench.http), with or without the feedback columns."""
    env = {"LAYERS_GEOJSON_MAX_FEATURES": str(FEATURES * 2), "FEEDBACK_COUNTS_ON_FEATURES": str(counts).lower()}
    with Site(port=PORT, env=env) as site:
        status, body, _queries = site.get(path)
        assert status == 200, body[:300]
        assert (b'"feedback_count"' in body) is counts
        return site.measure(path, repeat=REPEAT).p50, len(body)


def run() -> None:
    for old in Project.objects.filter(slug="bench-feedback"):  # left by a run that was stopped
        drop_project(old)
    project = Project.objects.create(title="Benchmark Rückmeldungen", slug="bench-feedback", summary="-",
                                     topic="verkehr")  # fmt: skip
    try:
        layer = Layer.objects.create(project=project, name="Radnetz", feature_count=FEATURES, feedback_open=True)
        with connection.cursor() as cursor:
            cursor.execute(FILL_SQL, [layer.pk, FEATURES])
            cursor.execute(STATS_SQL, [layer.pk])
            cursor.execute("ANALYZE layers_feature; ANALYZE feedback_featurefeedbackstats")
        with_counts = FeatureFeedbackStats.objects.filter(feature__layer=layer).count()
        path = f"/api/v1/layers/{layer.pk}/features/"
        features, fields = selectors.layer_features_with_fields(layer=layer)
        floor = median_seconds(lambda: feature_collection(features, geometry="geom", fields=fields), repeat=REPEAT)
        plain, plain_size = _http(path, counts=False)
        counted, counted_size = _http(path, counts=True)
        title = f"Features GeoJSON of a layer with {FEATURES:,} features, {with_counts:,} of them with feedback"
        print(f"\n## {title}\n\n| variant | median | bytes | ratio to without counts |\n|---|---:|---:|---:|")
        print(f"| bare SQL of the page with counts (floor, direct connection) | {floor * 1000:.0f} ms | | "
              f"{floor / plain:.2f} |")  # fmt: skip
        print(f"| GET …/features/ without counts (gunicorn) | {plain * 1000:.0f} ms | {plain_size:,} | 1.00 |")
        print(f"| GET …/features/ with counts (gunicorn) | {counted * 1000:.0f} ms | {counted_size:,} | "
              f"{counted / plain:.2f} |")  # fmt: skip
    finally:
        drop_project(project)
