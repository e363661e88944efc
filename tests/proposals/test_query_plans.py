"""The queries behind the idea pages use an index, not a sequential scan of the ideas table.

Why 30,000 rows: on a few hundred rows PostgreSQL rightly reads the whole table (it is one or two pages), so
a test there proves nothing. At 30,000 ideas (written by one generate_series INSERT and ANALYZEd, about a
second) the planner prefers an index for every query below exactly when a fitting index exists: drop one of
the partial indexes of proposals.Idea and the matching case fails. The million-row plans are in
docs/performance.md ("Indexes").
"""

import re

import pytest
from django.db import connection
from django.db.models import Subquery

from geo.datasets import get_dataset
from geo.models import Stadtteil
from proposals.models import Idea
from proposals.selectors import (
    IdeaFilter,
    QueueFilter,
    idea_feature_collection,
    idea_page_ids,
    idea_page_list,
    idea_public_list,
    idea_public_page,
)
from proposals.selectors.ideas import WALK_MARGIN, _walk_window
from proposals.selectors.moderation import moderation_pending
from proposals.services.clusters import cells_rebuild
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
IDEAS = 30_000


@pytest.fixture
def many_ideas(stadtteile):
    author = UserFactory()
    project = ProjectFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO proposals_idea (title, description, location, photo, status, official_answer, visibility,
                moderation_reason, support_count, comment_count, is_demo, created_at, published_at, author_id,
                category_id, project_id, stadtteil_id)
            SELECT 'Idee ' || g, '', s.label_point, '', 'eingereicht', '',
                   CASE WHEN g %% 20 = 0 THEN 'pending' ELSE 'published' END, '', 0, 0, true,
                   now() - g * interval '1 minute', now() - g * interval '1 minute', %s,
                   (SELECT min(id) FROM proposals_category), CASE WHEN g %% 50 = 0 THEN %s END, s.id
            FROM generate_series(1, %s) g JOIN geo_stadtteil s ON s.number = 1 + g %% 18
            """,
            [author.pk, project.pk, IDEAS],
        )
        cursor.execute("ANALYZE proposals_idea")
    return project


def _plan(queryset) -> str:
    return queryset.explain()


PAGE = 20


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(lambda p: idea_page_list(IdeaFilter())[:PAGE], id="ideas list, newest first"),
        pytest.param(lambda p: idea_page_list(IdeaFilter(district=5))[:PAGE], id="ideas of a Stadtteil"),
        pytest.param(lambda p: idea_page_list(IdeaFilter(project=p.slug))[:PAGE], id="ideas of a project"),
        pytest.param(
            lambda p: idea_public_page(IdeaFilter(), after=Idea.objects.order_by("-id")[1000].pk).values("id")[:1000],
            id="API keyset page",
        ),
        pytest.param(
            lambda p: idea_public_list().select_related("category").order_by("-published_at", "-id")[:4], id="home"
        ),
        pytest.param(lambda p: moderation_pending(QueueFilter())[:PAGE], id="moderation queue"),
        pytest.param(
            lambda p: moderation_pending(QueueFilter(stadtteil=Stadtteil.objects.get(number=3).pk))[:PAGE],
            id="moderation queue of a Stadtteil",
        ),
    ],
)
def test_page_queries_use_an_index(many_ideas, query):
    plan = _plan(query(many_ideas))
    assert "Seq Scan on proposals_idea" not in plan, plan
    assert "Index" in plan, plan


def test_the_test_can_see_a_sequential_scan(many_ideas):
    """The same check on a query no index serves (a filter on the description) does find the scan."""
    plan = _plan(idea_public_list(IdeaFilter(q="Bank")).order_by("description")[:PAGE])
    assert "Seq Scan on proposals_idea" in plan


def test_the_ideas_of_a_project_are_read_from_its_index(many_ideas):
    """The project is looked up by slug first, so its partial index serves the page (not a walk through every
    published idea newest first until ten of them belong to it)."""
    plan = _plan(idea_page_list(IdeaFilter(project=many_ideas.slug))[:PAGE])
    assert "idea_published_project" in plan, plan


def _explain_analyze(sql, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _index_rows(plan: str, index: str) -> int:
    """The rows the plan node naming `index` returned."""
    line = next(line for line in plan.splitlines() if index in line)
    return int(re.search(r"rows=(\d+)", line).group(1))


CITY = (7.6, 49.35, 7.95, 49.52)


@pytest.fixture
def clustered(many_ideas):
    cells_rebuild()
    return many_ideas


def test_a_city_wide_bbox_reads_a_page_of_the_newest_first_index(clustered):
    """The whole city in the bbox: the newest ideas are walked and filtered, not 28,500 read from the GiST index
    and sorted (the plan that cost 300 ms per request on a million ideas)."""
    filters = IdeaFilter(bbox=CITY)
    page = idea_feature_collection(filters, limit=100)
    assert page.returned == 100
    sql, params = idea_page_ids(filters, limit=100, window=_walk_window(filters, page.estimate, 100))
    plan = _explain_analyze(sql, params)
    assert "proposals_idea_location" not in plan, plan
    assert _index_rows(plan, "idea_published_recent") <= WALK_MARGIN * 100, plan


def test_a_small_bbox_reads_its_ideas_from_the_gist_index(clustered):
    x, y = Stadtteil.objects.get(number=3).label_point.coords
    filters = IdeaFilter(bbox=(x - 0.0001, y - 0.0001, x + 0.0001, y + 0.0001))
    page = idea_feature_collection(filters, limit=100)
    assert page.returned == 100
    assert _walk_window(filters, page.estimate, 100) is None
    plan = _explain_analyze(*idea_page_ids(filters, limit=100))
    # The ideas of the box (here the 1,500 published ones at one Stadtteil's label point), not the whole table.
    assert "proposals_idea_location" in plan, plan
    assert _index_rows(plan, "Bitmap Heap Scan on proposals_idea") <= IDEAS / 18, plan
    assert "idea_published_recent" not in plan, plan


@pytest.mark.parametrize("window", [True, False], ids=["newest-first walk", "GiST index"])
def test_both_ways_give_the_same_pages(clustered, window):
    x, y = Stadtteil.objects.get(number=3).label_point.coords
    filters = IdeaFilter(bbox=(x - 0.0001, y - 0.0001, x + 0.0001, y + 0.0001))
    expected = list(idea_public_list(filters).order_by("-created_at", "-id").values_list("id", flat=True)[40:70])
    after = idea_public_list(filters).order_by("-created_at", "-id").values_list("id", flat=True)[9]
    with connection.cursor() as cursor:
        sql, params = idea_page_ids(filters, limit=30, after=after, offset=30, window=3000 if window else None)
        cursor.execute(sql, params)
        assert [row[0] for row in cursor.fetchall()] == expected


def test_a_deep_ogc_offset_seeks_its_key_on_an_index_only_scan(many_ideas):
    """`offset=n` on the OGC items of ideas: the n-th published id comes from the partial index of published
    ids alone (no heap, no sort of the skipped rows); the page is then read from that key."""
    rows = get_dataset("ideen").queryset()
    plan = rows.filter(pk__gte=Subquery(rows.values("pk")[20_000:20_001]))[:100].explain()
    # Index-only once (auto)vacuum has set the visibility map, which a test's transaction cannot do.
    assert "Only Scan using idea_published_id" in plan, plan
    assert "Sort" not in plan, plan


def test_the_estimate_reads_the_cells_of_the_box_not_of_its_zoom(clustered):
    """The cells' estimate that picks the way reads the bbox's cells and the coarsest zoom's (a few dozen), not
    every cell of the finest zoom (30,000 at zoom 15 on a million ideas: 3 ms per request, more than the page)."""
    from proposals.models import ClusterCell
    from proposals.selectors.estimate import area_estimate_sql

    x, y = Stadtteil.objects.get(number=3).label_point.coords
    sql, params = area_estimate_sql((x - 0.0001, y - 0.0001, x + 0.0001, y + 0.0001), [])
    at_zoom = ClusterCell.objects.filter(zoom=params["zoom"]).count()
    assert at_zoom > 10  # the test can see the difference: the ideas sit at 18 points, one cell each
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few hundred cells: the planner would rightly scan them
        plan = _explain_analyze(sql, params)
    read = int(re.search(r"Bitmap Heap Scan on proposals_clustercell.*rows=(\d+)", plan).group(1))
    coarsest = ClusterCell.objects.filter(zoom=params["min"]).count()
    assert read <= coarsest + 4 < coarsest + at_zoom, plan
