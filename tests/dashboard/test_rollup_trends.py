import datetime

import pytest
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from dashboard.filters import Filters
from dashboard.selectors import base, trends
from proposals.models import Category, Idea, IdeaRollup, IdeaWeekRollup
from surveys.models import RespondentWeekCount, Response, ResponseRollup
from tests.dashboard.conftest import at
from tests.factories import IdeaFactory, ProjectFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_trends_count_ideas_from_the_rollup(stadtteile):
    IdeaFactory.create_batch(2, stadtteil=stadtteile[4])
    IdeaFactory(stadtteil=stadtteile[4], visibility="hidden")
    weekly = trends.weekly(Filters())
    assert sum(week["ideas"] for week in weekly["weeks"]) == 2
    per = {s["number"]: s for s in trends.top_per_stadtteil(Filters())}
    assert [c["ideas"] for c in per[4]["categories"]] == [2]

    # The pages sum the rollup rows, not the ideas: a changed rollup shows (after the cache). Without a
    # project or status filter the weekly rollup, with one the daily rollup.
    IdeaWeekRollup.objects.update(count=F("count") * 10)
    IdeaRollup.objects.update(count=F("count") * 100)
    cache.clear()
    assert sum(week["ideas"] for week in trends.weekly(Filters())["weeks"]) == 20
    per = {s["number"]: s for s in trends.top_per_stadtteil(Filters())}
    assert [c["ideas"] for c in per[4]["categories"]] == [20]
    assert sum(week["ideas"] for week in trends.weekly(Filters(status=Idea.Status.SUBMITTED))["weeks"]) == 200


@pytest.fixture
def respondents(stadtteile):
    """Three weeks of March 2026 (Mondays 2, 9, 16); people answering several surveys, of two projects and none,
    in the same and in different weeks; late on a Sunday evening (Berlin) to test the local week."""
    projects = [ProjectFactory(), ProjectFactory()]
    surveys = [SurveyFactory(project=project) for project in (projects[0], projects[0], projects[1], None)]
    users = [UserFactory() for _ in range(4)]
    sunday_night = timezone.make_aware(datetime.datetime(2026, 3, 8, 23, 30))  # Berlin: still week of the 2nd
    plan = [
        (surveys[0], {"user": users[0]}, at(3)), (surveys[1], {"user": users[0]}, at(4)),
        (surveys[2], {"user": users[0]}, at(12)), (surveys[0], {"user": users[1]}, sunday_night),
        (surveys[1], {"user": users[1]}, at(9)), (surveys[3], {"user": users[2]}, at(17)),
        (surveys[0], {"token": "a"}, at(5)), (surveys[1], {"token": "a"}, at(6)), (surveys[2], {"token": "a"}, at(18)),
        (surveys[3], {"token": "b"}, at(16)), (surveys[2], {"user": users[3]}, at(20)),
    ]  # fmt: skip
    for n, (survey, who, when) in enumerate(plan):
        Response.objects.create(survey=survey, created_at=when, stadtteil=stadtteile[1 + n % 3], **who)
    return {"projects": projects, "surveys": surveys}


def test_people_per_week_from_the_rollups_equal_the_raw_count(respondents):
    projects, surveys = respondents["projects"], respondents["surveys"]
    day = datetime.date
    ranges = [(None, None), (day(2026, 3, 4), None), (None, day(2026, 3, 11)), (day(2026, 3, 3), day(2026, 3, 5)),
              (day(2026, 3, 2), day(2026, 3, 15)), (day(2026, 3, 6), day(2026, 3, 17)),
              (day(2026, 3, 9), day(2026, 3, 9)), (day(2026, 3, 20), day(2026, 3, 3))]  # fmt: skip
    scopes = [{}, {"project_id": projects[0].pk}, {"project_id": projects[1].pk}, {"survey_id": surveys[0].pk}]
    for scope in scopes:
        for date_from, date_to in ranges:
            filters = Filters(date_from=date_from, date_to=date_to, **scope)
            raw = base._people_per_week_raw(base.responses(filters), one_survey="survey_id" in scope)
            assert sorted(base.people_per_week(filters)) == sorted(raw), (scope, date_from, date_to)
    everyone = {week: n for week, n, _key in base.people_per_week(Filters())}
    assert everyone == {day(2026, 3, 2): 3, day(2026, 3, 9): 2, day(2026, 3, 16): 4}


def test_people_per_week_read_the_rollup(respondents):
    # Not the responses: a changed rollup row shows, with the other slots of its week.
    weeks = RespondentWeekCount.objects.filter(scope=0)
    assert weeks.count() > len({row.week for row in weeks})  # some week counted in several slots
    for week in {row.week for row in weeks}:
        weeks.filter(pk=weeks.filter(week=week).order_by("slot")[0].pk).update(people=F("people") + 100)
    assert sorted(n for _week, n, _key in base.people_per_week(Filters())) == [102, 103, 104]
    ResponseRollup.objects.update(count=F("count") * 10)
    survey = respondents["surveys"][0]
    assert sum(n for _week, n, _key in base.people_per_week(Filters(survey_id=survey.pk))) == 30
    cache.clear()
    weekly = trends.weekly(Filters(), exact=True)
    assert sorted(week["responses"] for week in weekly["weeks"]) == [102, 103, 104]


def test_with_another_seed_the_readers_count_raw_rows(respondents, settings):
    settings.DISCLOSURE_SEED = "another-city-seed"
    RespondentWeekCount.objects.update(people=1000)
    assert sorted(n for _week, n, _key in base.people_per_week(Filters())) == [2, 3, 4]


def test_top_ideas_per_stadtteil_read_the_index_in_order(stadtteile):
    places = [(5, 3), (9, 3), (1, 3), (7, 3), (2, 8)]
    ideas = [IdeaFactory(stadtteil=stadtteile[number], support_count=n) for n, number in places]
    IdeaFactory(stadtteil=stadtteile[3], support_count=50, visibility="hidden")
    per = {s["number"]: s for s in trends.top_per_stadtteil(Filters())}
    assert [(i["id"], i["rank"]) for i in per[3]["ideas"]] == [(ideas[1].pk, 1), (ideas[3].pk, 2), (ideas[0].pk, 3)]
    assert [i["id"] for i in per[8]["ideas"]] == [ideas[4].pk]
    assert per[1]["ideas"] == []


def test_idea_sums_from_whole_and_cut_weeks_equal_the_daily_rollup(stadtteile):
    gruen, verkehr = Category.objects.get(slug="gruen"), Category.objects.get(slug="verkehr")
    pub = "published"
    for day, place, category, visibility in [
        (2, 1, gruen, pub), (4, 1, gruen, pub), (8, 2, verkehr, "pending"), (9, 2, gruen, pub),
        (13, 1, verkehr, pub), (16, 3, gruen, "hidden"), (18, 3, gruen, pub), (22, 1, gruen, pub),
    ]:  # fmt: skip
        IdeaFactory(stadtteil=stadtteile[place], category=category, visibility=visibility, created_at=at(day))
    day = datetime.date
    ranges = [(None, None), (day(2026, 3, 4), None), (None, day(2026, 3, 10)), (day(2026, 3, 3), day(2026, 3, 17)),
              (day(2026, 3, 9), day(2026, 3, 22)), (day(2026, 3, 5), day(2026, 3, 5))]  # fmt: skip
    for date_from, date_to in ranges:
        for extra in [{}, {"category_id": gruen.pk}]:
            filters = Filters(date_from=date_from, date_to=date_to, **extra)
            for by in [("week", "category_id"), ("stadtteil_id", "category_id")]:
                for public in (False, True):
                    daily = base._summed([base.idea_counts(filters, public=public)], by)
                    summed = base.idea_sums(filters, by, public=public)
                    assert sorted(map(sorted_items, summed)) == sorted(map(sorted_items, daily)), (filters, by)
    weeks = {row["week"]: row["n"] for row in base.idea_sums(Filters(), ("week",))}
    assert weeks == {day(2026, 3, 2): 3, day(2026, 3, 9): 2, day(2026, 3, 16): 2}  # the hidden idea not counted


def sorted_items(row: dict) -> tuple:
    return tuple(sorted(row.items()))
