"""Ideas on 100,000 rows: the GeoJSON endpoint and the cluster endpoint against their baselines.

Seeds 100,000 demo ideas into the database it runs on and puts the default demo set back afterwards
(`KEEP_BENCH_IDEAS=1` keeps them).
"""

import json
import os

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from bench.timing import median_seconds, report
from proposals import demo
from proposals.apis.ideas import MAX_PAGE_SIZE, IdeaClusterApi, IdeaCollectionApi
from proposals.models import Idea
from proposals.selectors import IdeaFilter, idea_clusters_on_the_fly

IDEAS = 100_000
PAGE = MAX_PAGE_SIZE
CITY_BBOX = "7.60,49.35,7.95,49.55"
ZOOM = 12


class IdeaFeatureSerializer(GeoFeatureModelSerializer):
    """The same properties as the endpoint, the djangorestframework-gis way."""

    location = GeometryField(precision=6)
    category_slug = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.name")
    color = serializers.CharField(source="category.color")
    status_label = serializers.CharField(source="get_status_display")
    stadtteil_name = serializers.CharField(source="stadtteil.name")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Idea
        geo_field = "location"
        fields = [
            "id",
            "title",
            "category_slug",
            "category_name",
            "color",
            "status",
            "status_label",
            "stadtteil_name",
            "support_count",
            "comment_count",
            "url",
        ]


BARE_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.location, 6)::json,
    'properties', json_build_object('id', t.id, 'title', t.title, 'category_slug', t.slug, 'category_name', t.name,
        'color', t.color, 'status', t.status, 'stadtteil_name', t.stadtteil, 'support_count', t.support_count,
        'comment_count', t.comment_count, 'url', '/ideen/' || t.id || '/')
)), '[]'::json))::text
FROM (
    SELECT i.id, i.title, i.location, i.status, i.support_count, i.comment_count, c.slug, c.name, c.color,
           s.name AS stadtteil
    FROM proposals_idea i JOIN proposals_category c ON c.id = i.category_id
    JOIN geo_stadtteil s ON s.id = i.stadtteil_id
    WHERE i.visibility = 'published' ORDER BY i.created_at DESC, i.id DESC LIMIT %s
) t
"""


def _endpoint(view, path, params):
    request = RequestFactory(HTTP_HOST="127.0.0.1").get(path, params)
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 200, response.content[:200]
    return response.content


def _serializer():
    qs = Idea.objects.filter(visibility=Idea.Visibility.PUBLISHED).select_related("category", "stadtteil")
    return JSONRenderer().render(IdeaFeatureSerializer(qs.order_by("-created_at", "-id")[:PAGE], many=True).data)


def _bare_sql(*, with_count: bool = False):
    with connection.cursor() as cursor:
        if with_count:
            cursor.execute("SELECT count(*) FROM proposals_idea WHERE visibility = 'published'")
        cursor.execute(BARE_SQL, [PAGE])
        return cursor.fetchone()[0]


def run() -> None:
    if Idea.objects.filter(is_demo=True).count() != IDEAS:
        print(demo.seed({"ideas": IDEAS}))
    with connection.cursor() as cursor:
        # What autovacuum does in production after a bulk load: statistics and the visibility map,
        # which lets PostgreSQL count from the index alone.
        cursor.execute("VACUUM ANALYZE proposals_idea")
        cursor.execute("VACUUM ANALYZE proposals_clustercell")
    try:
        ideas_view = IdeaCollectionApi.as_view()
        clusters_view = IdeaClusterApi.as_view()
        page = json.loads(_endpoint(ideas_view, "/api/v1/ideas/", {"limit": PAGE}))
        assert len(page["features"]) == PAGE
        rows = [
            ("bare SQL (floor)", median_seconds(_bare_sql)),
            ("bare SQL + count (the endpoint's work)", median_seconds(lambda: _bare_sql(with_count=True))),
            (
                "GET /api/v1/ideas/ (SQL-built, with count)",
                median_seconds(lambda: _endpoint(ideas_view, "/api/v1/ideas/", {"limit": PAGE})),
            ),
            ("GeoFeatureModelSerializer", median_seconds(_serializer, repeat=3)),
        ]
        report(f"A page of {PAGE:,} ideas as GeoJSON, {IDEAS:,} ideas in the database", rows, "bare SQL (floor)")

        params = {"bbox": CITY_BBOX, "zoom": ZOOM}
        on_the_fly = IdeaFilter(bbox=tuple(float(v) for v in CITY_BBOX.split(",")))
        rows = [
            (
                "GET /api/v1/ideas/clusters/ (cells kept on write)",
                median_seconds(lambda: _endpoint(clusters_view, "/api/v1/ideas/clusters/", params)),
            ),
            (
                "ST_SnapToGrid over all ideas on the fly",
                median_seconds(lambda: idea_clusters_on_the_fly(on_the_fly, zoom=ZOOM), repeat=5),
            ),
        ]
        report(
            f"Clusters of the whole city at zoom {ZOOM}, {IDEAS:,} ideas",
            rows,
            "GET /api/v1/ideas/clusters/ (cells kept on write)",
        )
    finally:
        if not os.environ.get("KEEP_BENCH_IDEAS"):
            print(demo.seed({"ideas": demo.DEFAULT_IDEAS}))
