"""The queries behind the idea pages use an index, not a sequential scan of the ideas table.

Why 30,000 rows: on a few hundred rows PostgreSQL rightly reads the whole table (it is one or two pages), so
a test there proves nothing. At 30,000 ideas (written by one generate_series INSERT and ANALYZEd, about a
second) the planner prefers an index for every query below exactly when a fitting index exists: drop one of
the partial indexes of proposals.Idea and the matching case fails. The million-row plans are in
docs/performance.md ("Indexes").
"""

import pytest
from django.db import connection

from geo.models import Stadtteil
from proposals.models import Idea
from proposals.selectors import IdeaFilter, QueueFilter, idea_page_list, idea_public_list, idea_public_page
from proposals.selectors.moderation import moderation_pending
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
