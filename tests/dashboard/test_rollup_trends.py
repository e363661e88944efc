import pytest
from django.core.cache import cache
from django.db.models import F

from dashboard.filters import Filters
from dashboard.selectors import trends
from proposals.models import IdeaRollup
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_trends_count_ideas_from_the_rollup(stadtteile):
    IdeaFactory.create_batch(2, stadtteil=stadtteile[4])
    IdeaFactory(stadtteil=stadtteile[4], visibility="hidden")
    weekly = trends.weekly(Filters())
    assert sum(week["ideas"] for week in weekly["weeks"]) == 2
    per = {s["number"]: s for s in trends.top_per_stadtteil(Filters())}
    assert [c["ideas"] for c in per[4]["categories"]] == [2]

    # The pages sum the rollup rows, not the ideas: a changed rollup shows (after the cache).
    IdeaRollup.objects.update(count=F("count") * 10)
    cache.clear()
    assert sum(week["ideas"] for week in trends.weekly(Filters())["weeks"]) == 20
    per = {s["number"]: s for s in trends.top_per_stadtteil(Filters())}
    assert [c["ideas"] for c in per[4]["categories"]] == [20]
