"""Vector tiles and layer GeoJSON of a large layer, against the bare SQL floor and drf-gis.

Runs inside one transaction that is rolled back: the benchmark layer never stays in the database.
"""

from django.db import connection
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from bench.http import Site
from bench.timing import median_seconds, report
from geo.geojson import feature_collection
from layers.models import Feature, Layer, Project

FEATURES = 200_000
GEOJSON_FEATURES = 5_000
# Kaiserslautern's centre at zoom 14, and the whole city at zoom 11 (where simplification matters most).
TILES = [(14, 8545, 5595), (11, 1068, 699)]
# Light tiles vary by milliseconds on a shared machine: more samples for a stable median.
REPEAT = {14: 15, 11: 5}

BARE_TILE_SQL = """
SELECT ST_AsMVT(t, 'layer', 4096, 'mvt_geom', 'id') FROM (
    SELECT id, attributes,
           ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true) AS mvt_geom
    FROM layers_feature
    WHERE layer_id = %(layer)s AND geom && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326)
) t WHERE mvt_geom IS NOT NULL
"""

FILL_SQL = """
INSERT INTO layers_feature (layer_id, geom, attributes)
SELECT %s,
       CASE WHEN i %% 2 = 0
            THEN ST_SetSRID(ST_MakePoint(7.70 + random() * 0.15, 49.40 + random() * 0.08), 4326)
            ELSE ST_SetSRID(ST_MakeLine(ARRAY(
                SELECT ST_MakePoint(x0 + k * 0.0004, y0 + random() * 0.0004) FROM generate_series(0, 20) k)), 4326)
       END,
       jsonb_build_object('name', 'Objekt ' || i, 'anzahl', i %% 17, 'aktiv', i %% 3 = 0)
FROM generate_series(1, %s) i,
     -- "i * 0" correlates the subquery with the row, or PostgreSQL draws one start for all lines
     LATERAL (SELECT 7.70 + random() * 0.15 + i * 0 AS x0, 49.40 + random() * 0.08 AS y0) start
"""


class DrfFeatureSerializer(GeoFeatureModelSerializer):
    geom = GeometryField(precision=6)

    class Meta:
        model = Feature
        geo_field = "geom"
        fields = ["id", "attributes"]


def drop_project(project: Project) -> None:
    """The benchmark's project with its layers: the features (and their feedback counts) in SQL first, since
    Django's collector would load every one of 200,000 features to delete them (a post_delete receiver for all
    models rules out its fast path: 20 s per 50,000)."""
    with connection.cursor() as cursor:
        features = "SELECT f.id FROM layers_feature f JOIN layers_layer l ON l.id = f.layer_id WHERE l.project_id = %s"
        cursor.execute(f"DELETE FROM feedback_featurefeedbackstats WHERE feature_id IN ({features})", [project.pk])
        cursor.execute(
            "DELETE FROM layers_feature WHERE layer_id IN (SELECT id FROM layers_layer WHERE project_id = %s)",
            [project.pk],
        )
    project.delete()


def _layer(project: Project, name: str, n: int) -> Layer:
    layer = Layer.objects.create(project=project, name=name, feature_count=n)
    with connection.cursor() as cursor:
        cursor.execute(FILL_SQL, [layer.pk, n])
        cursor.execute("ANALYZE layers_feature")
    return layer


def _bare_tile(layer: Layer, z: int, x: int, y: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(BARE_TILE_SQL, {"z": z, "x": x, "y": y, "layer": layer.pk})
        cursor.fetchone()


def run() -> None:
    # Committed, so that gunicorn's own connections see the layers; removed at the end (and here, when a run
    # was stopped before its end).
    for old in Project.objects.filter(slug="bench-layers"):
        drop_project(old)
    project = Project.objects.create(title="Benchmark", slug="bench-layers", summary="-", topic="verkehr")
    try:
        big = _layer(project, "gross", FEATURES)
        small = _layer(project, "klein", GEOJSON_FEATURES)
        with Site() as site:
            for z, x, y in TILES:
                url = f"/tiles/{big.pk}/{z}/{x}/{y}.mvt"
                page = site.measure(url, repeat=REPEAT[z], warmup=1)
                rows = [
                    (
                        "bare ST_AsMVT SQL (floor)",
                        median_seconds(lambda z=z, x=x, y=y: _bare_tile(big, z, x, y), repeat=REPEAT[z]),
                    ),
                    ("GET /tiles/… over HTTP (gunicorn)", page.p50),
                ]
                report(f"Tile {z}/{x}/{y} of a layer with {FEATURES:,} features ({page.size:,} bytes)", rows,
                       "bare ST_AsMVT SQL (floor)")  # fmt: skip

            features = Feature.objects.filter(layer=small).order_by("id")
            page = site.measure(f"/api/v1/layers/{small.pk}/features/")
            rows = [
                ("feature_collection SQL (floor)",
                 median_seconds(lambda: feature_collection(features, geometry="geom", fields=["id", "attributes"]))),
                ("GET /api/v1/layers/…/features/ over HTTP (gunicorn)", page.p50),
                ("drf-gis GeoFeatureModelSerializer (in-process)",
                 median_seconds(lambda: DrfFeatureSerializer(features, many=True).data, repeat=3)),
            ]  # fmt: skip
            report(f"GeoJSON of a layer with {GEOJSON_FEATURES:,} features", rows, "feature_collection SQL (floor)")
    finally:
        drop_project(project)
