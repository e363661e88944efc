"""Every list page and endpoint: a fixed number of queries (no query per row) within its limit, and pages.

Each page is requested with a few rows and again with many more; the query count must not grow and must
stay within the page's limit (the page-budget report in `make bench` shows the same counts at scale).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from proposals.models import Idea
from tests.factories import IdeaFactory, ProjectFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db
BBOX = "7.60,49.35,7.95,49.55"

# path -> the most queries the page may make (session, user and permission checks included)
PUBLIC = {
    "/": 8,
    "/ideen/": 8,
    "/ideen/?district=1": 8,
    "/vorhaben/": 6,
    "/umfragen/": 4,
    "/api/v1/ideas/?limit=50": 3,
    f"/api/v1/ideas/clusters/?bbox={BBOX}&zoom=12": 2,
    "/ogc/collections/ideen/items?limit=50": 4,
    "/api/v1/projects/": 4,
}
STAFF = {"/ideen/moderation/": 14}


def _add(n: int) -> None:
    author = UserFactory(password=None)  # one author: hashing a password per idea would take most of the test
    projects = ProjectFactory.create_batch(n)
    for i in range(n):
        IdeaFactory(project=projects[i], author=author)
        IdeaFactory(visibility=Idea.Visibility.PENDING, published_at=None, project=projects[i], author=author)
        QuestionFactory(survey=SurveyFactory())


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(context)


@pytest.mark.parametrize(("path", "limit"), [*PUBLIC.items(), *STAFF.items()])
def test_query_count_is_fixed_and_within_the_limit(client, stadtteile, path, limit):
    if path in STAFF:
        client.force_login(UserFactory(roles=list(Role), password=None))
    _add(2)
    few = _queries(client, path)
    _add(5)
    many = _queries(client, path)
    # Never more with more rows (a query per row); fewer is fine (a cache filled by the first request).
    assert many <= few, f"{path}: {few} queries with few rows, {many} with more (a query per row?)"
    assert many <= limit, f"{path}: {many} queries, limit {limit}"


@pytest.mark.parametrize("path", ["/ideen/", "/vorhaben/", "/umfragen/", "/ideen/moderation/"])
def test_lists_are_paginated(client, stadtteile, path):
    client.force_login(UserFactory(roles=list(Role), password=None))
    _add(23)  # more than a page (20) of ideas, pending ideas, projects and surveys
    first = client.get(path).content.decode()
    second = client.get(path, {"seite": 2}).content.decode()
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
