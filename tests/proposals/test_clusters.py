import json

import pytest

from accounts.roles import Role
from proposals import services
from proposals.models import Category, Idea
from proposals.selectors import IdeaFilter, idea_clusters, idea_clusters_on_the_fly
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

CLUSTERS = "/api/v1/ideas/clusters/"
CITY = "7.6,49.35,7.95,49.55"


def published(stadtteil, **kwargs) -> Idea:
    """Published through the moderation service, so the cluster cells see it as they would in production."""
    idea = IdeaFactory(stadtteil=stadtteil, visibility=Idea.Visibility.PENDING, **kwargs)
    return services.idea_approve(idea=idea, actor=UserFactory(roles=[Role.MODERATOR]))


def as_set(text: str) -> set[tuple]:
    return {
        (tuple(round(c, 5) for c in f["geometry"]["coordinates"]), f["properties"]["count"])
        for f in json.loads(text)["features"]
    }


@pytest.mark.parametrize("zoom", [8, 11, 13, 15])
def test_cells_kept_on_write_equal_clustering_on_the_fly(stadtteile, zoom):
    for number, n in [(1, 3), (2, 1), (14, 2)]:
        for _ in range(n):
            published(stadtteile[number])
    cells = idea_clusters(IdeaFilter(), zoom=zoom)
    assert as_set(cells) == as_set(idea_clusters_on_the_fly(IdeaFilter(), zoom=zoom))
    assert sum(count for _, count in as_set(cells)) == 6


def test_category_filter_uses_the_cells_and_other_filters_group_on_the_fly(client, stadtteile):
    published(stadtteile[1])
    published(stadtteile[1], category=Category.objects.get(slug="verkehr"), status=Idea.Status.DONE)
    counts = client.get(CLUSTERS, {"bbox": CITY, "zoom": 11, "category": "verkehr"}).json()["features"]
    assert [f["properties"]["count"] for f in counts] == [1]
    counts = client.get(CLUSTERS, {"bbox": CITY, "zoom": 11, "status": "umgesetzt"}).json()["features"]
    assert [f["properties"]["count"] for f in counts] == [1]
    counts = client.get(CLUSTERS, {"bbox": CITY, "zoom": 11}).json()["features"]
    assert [f["properties"]["count"] for f in counts] == [2]


def test_hidden_ideas_leave_their_cells(stadtteile, moderator):
    idea = published(stadtteile[3])
    services.idea_hide(idea=idea, actor=moderator, reason="Doppelt eingereicht")
    assert json.loads(idea_clusters(IdeaFilter(), zoom=12))["features"] == []


def test_bbox_limits_the_clusters(client, stadtteile):
    published(stadtteile[1])
    far = published(stadtteile[14])
    x, y = far.location.coords
    body = client.get(CLUSTERS, {"bbox": f"{x - 0.01},{y - 0.01},{x + 0.01},{y + 0.01}", "zoom": 14}).json()
    assert [f["properties"]["count"] for f in body["features"]] == [1]


def test_zoom_is_required_and_checked(client):
    assert "zoom" in client.get(CLUSTERS, {"bbox": CITY}).json()
    assert "zoom" in client.get(CLUSTERS, {"bbox": CITY, "zoom": 40}).json()


def test_cluster_query_count_does_not_grow_with_the_ideas(client, stadtteile, django_assert_num_queries):
    published(stadtteile[1])
    with django_assert_num_queries(2):  # the categories asked for + the cells
        client.get(CLUSTERS, {"bbox": CITY, "zoom": 10, "category": "gruen"})
    for number in (2, 3, 4, 5, 6):
        published(stadtteile[number])
    with django_assert_num_queries(2):
        body = client.get(CLUSTERS, {"bbox": CITY, "zoom": 10, "category": "gruen"}).json()
    assert sum(f["properties"]["count"] for f in body["features"]) == 6
