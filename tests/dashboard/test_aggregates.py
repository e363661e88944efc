"""Every aggregate against a hand count on ideas placed at the label points of known Stadtteile."""

import datetime

import pyproj
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import shape

from dashboard import classes
from dashboard.filters import Filters, Level, Measure
from dashboard.selectors import districts, grid, trends
from geo.disclosure import MAX_NOISE, SHOWN_FROM
from geo.models import Ortsbezirk, Stadtteil
from proposals import services
from proposals.models import Idea
from tests.factories import UserFactory


def by_number(rows):
    return {r["number"]: r for r in rows}


def test_ideas_and_supports_per_stadtteil(known_ideas, stadtteile):
    rows = by_number(districts.district_rows(Filters()))
    assert len(rows) == 18
    expected = {1: (3, 6), 5: (2, 6), 12: (2, 0)}  # the pending idea counts for staff, the rejected one not
    for number, row in rows.items():
        ideas, supports = expected.get(number, (0, 0))
        assert (row["ideas"], row["supports"]) == (ideas, supports), number
        population = stadtteile[number].population
        assert row["ideas_per_1000"] == round(ideas * 1000 / population, 2)


def test_public_counts_only_published(known_ideas):
    rows = by_number(districts.district_rows(Filters(), public=True))
    assert rows[12]["ideas"] == 1
    assert sum(r["ideas"] for r in rows.values()) == 6


def test_per_ortsbezirk_sums_its_stadtteile(known_ideas):
    rows = districts.district_rows(Filters(level=Level.ORTSBEZIRK))
    assert len(rows) == Ortsbezirk.objects.count() == 10
    expected = {}
    for idea in Idea.objects.exclude(visibility__in=["rejected", "hidden"]).select_related("stadtteil"):
        expected[idea.stadtteil.ortsbezirk_id] = expected.get(idea.stadtteil.ortsbezirk_id, 0) + 1
    for row in rows:
        assert row["ideas"] == expected.get(row["id"], 0), row["name"]
        population = sum(s.population for s in Stadtteil.objects.filter(ortsbezirk_id=row["id"]))
        assert row["population"] == population
    innenstadt = next(r for r in rows if r["number"] == 1)
    assert innenstadt["ideas"] == 5  # Stadtteile 1 and 5 belong to the Innenstadt


def test_filters(known_ideas):
    def total(**kwargs):
        return sum(r["ideas"] for r in districts.district_rows(Filters(**kwargs)))

    assert total() == 7
    assert total(project_id=known_ideas["project"].pk) == 2
    assert total(category_id=known_ideas["verkehr"].pk) == 2
    assert total(status="angenommen") == 2
    assert total(date_from=datetime.date(2026, 3, 3), date_to=datetime.date(2026, 3, 10)) == 3  # 3rd, 4th, 10th
    assert total(date_from=datetime.date(2026, 3, 17)) == 2
    assert total(category_id=known_ideas["gruen"].pk, project_id=known_ideas["project"].pk) == 2


def test_responses_and_share_with_suppression(known_survey):
    f = Filters(
        survey_id=known_survey["survey"].pk, question_id=known_survey["question"].pk,
        choice_id=known_survey["ja"].pk, measure=Measure.SHARE,
    )  # fmt: skip
    rows = by_number(districts.district_rows(f))
    assert 6 <= rows[2]["responses"] <= 8
    assert rows[2]["perturbed"]
    assert 6 <= rows[2]["answered"] <= 8
    assert rows[2]["share"] is None  # 4 of 6 chose it: the share of a suppressed group is not published
    # 3 respondents: no number (the disclosure policy); nobody: withheld alike
    assert rows[3]["responses"] is None
    assert rows[3]["share"] is None
    assert rows[3]["suppressed"]
    assert rows[4]["responses"] is None
    exact = by_number(districts.district_rows(f, exact=True))
    assert exact[2]["share"] == round(100 * 4 / 6, 1)
    assert exact[3]["responses"] == 3
    assert exact[3]["share"] == round(100 * 1 / 3, 1)
    assert exact[4]["responses"] == 0
    by_project = by_number(districts.district_rows(Filters(project_id=known_survey["project"].pk), exact=True))
    assert by_project[2]["responses"] == 6


def test_responses_only_public_after_close(known_survey):
    survey = known_survey["survey"]
    rows = by_number(districts.district_rows(Filters(survey_id=survey.pk), public=True))
    assert 6 <= rows[2]["responses"] <= 8
    survey.results_public = False
    survey.save()
    rows = by_number(districts.district_rows(Filters(survey_id=survey.pk), public=True))
    assert rows[2]["responses"] is None


def _utm(point):
    return pyproj.Transformer.from_crs(4326, 25832, always_xy=True).transform(point.x, point.y)


def test_square_grid_against_python(known_ideas):
    size = 300
    collection = grid.idea_grid(Filters(cell_m=size))
    expected = {}
    for idea in Idea.objects.exclude(visibility__in=["rejected", "hidden"]):
        x, y = _utm(idea.location)
        key = (int(x // size), int(y // size))
        expected[key] = expected.get(key, 0) + 1
    counts = sorted(f["properties"]["count"] for f in collection["features"])
    assert counts == sorted(expected.values())
    assert collection["cell_size_m"] == size
    # each idea lies in the cell with its count
    for idea in known_ideas["ideas"]:
        inside = [
            f for f in collection["features"] if shape(f["geometry"]).contains(ShapelyPoint(idea.location.coords))
        ]
        assert len(inside) == 1


def test_hexagon_grid_holds_every_idea_once(known_ideas):
    collection = grid.idea_grid(Filters(cell_m=500, hexagons=True, category_id=known_ideas["gruen"].pk))
    assert sum(f["properties"]["count"] for f in collection["features"]) == 5  # 3 + 1 + the pending one
    assert all(len(f["geometry"]["coordinates"][0]) == 7 for f in collection["features"])  # closed hexagon ring
    for idea in known_ideas["ideas"]:
        if idea.category_id == known_ideas["gruen"].pk:
            hits = [
                f for f in collection["features"] if shape(f["geometry"]).contains(ShapelyPoint(idea.location.coords))
            ]
            assert len(hits) == 1


def test_answer_grid_suppresses_small_cells(known_survey):
    f = Filters(question_id=known_survey["point"].pk, cell_m=500)
    cells = grid.answer_grid(f)["features"]
    assert len(cells) == 1
    assert 5 <= cells[0]["properties"]["count"] <= 8
    exact = grid.answer_grid(f, exact=True)["features"]
    assert [c["properties"]["count"] for c in exact] == [6]
    assert grid.answer_grid(Filters(question_id=known_survey["question"].pk)) is None  # not a map question


def test_weekly_trend_by_category(known_ideas, known_survey):
    weekly = trends.weekly(Filters())
    assert weekly["categories"] == ["Verkehr", "Grün und Umwelt"]  # the categories' own order
    weeks = {w["week"]: w for w in weekly["weeks"]}
    # week of Monday 2 March: gruen 2nd and 3rd, verkehr 4th; 9 responses on the 5th
    assert weeks[datetime.date(2026, 3, 2)]["counts"] == [1, 2]
    # 9 people answered on the 5th: exact for those who may see it, perturbed (never below SHOWN_FROM) for the rest
    exact = {w["week"]: w for w in trends.weekly(Filters(), exact=True)["weeks"]}
    assert exact[datetime.date(2026, 3, 2)]["responses"] == 9
    published = weeks[datetime.date(2026, 3, 2)]["responses"]
    assert published >= SHOWN_FROM
    assert abs(published - 9) <= MAX_NOISE
    assert weeks[datetime.date(2026, 3, 9)]["counts"] == [1, 1]
    assert weeks[datetime.date(2026, 3, 16)]["counts"] == [0, 2]  # published and pending, not the rejected one
    assert sum(w["ideas"] for w in weekly["weeks"]) == 7


def test_top_categories_and_ideas_per_stadtteil(known_ideas):
    assert trends.top_categories(Filters()) == [
        {"name": "Grün und Umwelt", "ideas": 5},
        {"name": "Verkehr", "ideas": 2},
    ]
    per = {s["number"]: s for s in trends.top_per_stadtteil(Filters(), limit=1)}
    assert [i["support_count"] for i in per[5]["ideas"]] == [5]
    assert [c["name"] for c in per[1]["categories"]] == ["Grün und Umwelt"]
    assert per[2]["ideas"] == []
    assert per[2]["categories"] == []


def test_cache_is_used_and_invalidated_by_a_new_idea(known_ideas, stadtteile, django_assert_num_queries):
    districts.district_rows(Filters())
    with django_assert_num_queries(0):
        districts.district_rows(Filters())
    idea = known_ideas["ideas"][0]
    idea.pk = None
    idea.save()  # a new idea in Stadtteil 1
    assert by_number(districts.district_rows(Filters()))[1]["ideas"] == 4
    idea.delete()
    assert by_number(districts.district_rows(Filters()))[1]["ideas"] == 3


def test_a_support_renews_what_counts_supports_and_keeps_the_rest(known_ideas, stadtteile, django_assert_num_queries):
    """Vote week: a support a few times a second must not recount the weekly ideas or the categories."""
    trends.weekly(Filters())
    trends.top_categories(Filters())
    districts.district_rows(Filters())
    idea = known_ideas["ideas"][4]  # Stadtteil 5, 1 support
    services.support_add(idea=idea, user=UserFactory())
    with django_assert_num_queries(0):
        trends.weekly(Filters())
        trends.top_categories(Filters())
    with django_assert_num_queries(1):  # the ideas' part only; the survey part stays cached
        assert by_number(districts.district_rows(Filters()))[5]["supports"] == 7


def test_both_levels_share_one_count_of_the_ideas(known_ideas, stadtteile, django_assert_num_queries):
    per_stadtteil = districts.district_rows(Filters())
    with django_assert_num_queries(1):  # the survey part of the other level; the ideas were counted for both
        per_ortsbezirk = districts.district_rows(Filters(level=Level.ORTSBEZIRK, measure=Measure.SUPPORTS))
    assert sum(r["ideas"] for r in per_ortsbezirk) == sum(r["ideas"] for r in per_stadtteil) == 7


def test_quantile_breaks():
    assert classes.quantile_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert classes.quantile_breaks([0, 0, 0, 5]) == [0, 5]  # duplicates merge into fewer classes
    assert classes.quantile_breaks([None, None]) == []
    bounds = [2, 4, 6, 8, 10]
    assert [classes.classify(v, bounds) for v in (1, 2, 3, 10, None)] == [0, 0, 1, 4, None]
    legend = classes.legend([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], bounds)
    assert [k.count for k in legend] == [2, 2, 2, 2, 2]
    assert classes.color(1, [0, 5]) == classes.PALETTE[-1]
