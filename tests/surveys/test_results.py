import json

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geo.disclosure import MAX_NOISE
from surveys.models import Question, Survey
from surveys.results import MIN_GROUP, SHOWN_FROM, density_grid, survey_results
from surveys.services import response_submit
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(db):
    survey = SurveyFactory(district_sources=["map", "profile"])
    question = QuestionFactory(survey=survey, order=1, text="Mehr Bäume in der Innenstadt?")
    ja = ChoiceFactory(question=question, text="ja", order=1)
    nein = ChoiceFactory(question=question, text="nein", order=2)
    scale = QuestionFactory(survey=survey, order=2, kind=Question.Kind.SCALE, text="Wie wichtig?")
    where = QuestionFactory(survey=survey, order=3, kind=Question.Kind.POINT, text="Wo?", required=False)
    survey.parts = {"question": question, "ja": ja, "nein": nein, "scale": scale, "where": where}
    return survey


def answer(survey, *, stadtteil, choice, scale=3, where=None):
    parts = survey.parts
    raw = {str(parts["question"].pk): choice.pk, str(parts["scale"].pk): scale}
    if where is not None:
        raw[str(parts["where"].pk)] = {"type": "Point", "coordinates": [where.x, where.y]}
    return response_submit(survey=survey, user=UserFactory(home_stadtteil=stadtteil), answers=raw)


def by_number(rows):
    return {row["number"]: row for row in rows}


def near(published, true):
    """A published count of a group of `true` >= SHOWN_FROM: perturbed by at most MAX_NOISE, never below it."""
    return published is not None and published >= SHOWN_FROM and abs(published - true) <= MAX_NOISE


def test_choice_counts_overall_per_stadtteil_and_ortsbezirk(poll, stadtteile):
    for _ in range(6):
        answer(poll, stadtteil=stadtteile[1], choice=poll.parts["ja"], scale=5)
    for _ in range(3):
        answer(poll, stadtteil=stadtteile[1], choice=poll.parts["nein"], scale=1)
    for _ in range(4):
        answer(poll, stadtteil=stadtteile[16], choice=poll.parts["ja"])

    first, scale, _where = survey_results(poll, exact=True)
    assert first["n"] == 13
    assert first["exact"] is True
    assert [(c["text"], c["count"], c["share"]) for c in first["choices"]] == [("ja", 10, 0.7692), ("nein", 3, 0.2308)]
    rows = by_number(first["stadtteile"])
    assert rows[1]["n"] == 9
    assert {c["id"]: c["count"] for c in rows[1]["choices"]} == {poll.parts["ja"].pk: 6, poll.parts["nein"].pk: 3}
    assert by_number(first["stadtteile"])[16]["n"] == 4
    innenstadt = next(o for o in first["ortsbezirke"] if o["slug"] == stadtteile[1].ortsbezirk.slug)
    assert innenstadt["n"] == 9
    assert scale["stats"]["mean"] == pytest.approx((6 * 5 + 3 * 1 + 4 * 3) / 13, abs=0.01)
    assert (scale["stats"]["min"], scale["stats"]["max"]) == (1, 5)
    assert [d["count"] for d in scale["distribution"]] == [3, 0, 4, 0, 6]
    assert by_number(scale["stadtteile"])[1]["mean"] == pytest.approx(3.67)

    first, scale, _where = survey_results(poll)
    assert near(first["n"], 13)
    assert first["perturbed"] is True
    ja, nein = first["choices"]
    assert near(ja["count"], 10)
    assert ja["share"] == round(min(ja["count"], first["n"]) / first["n"], 3)  # never above 100 %
    assert nein == {**nein, "count": None, "share": None, "suppressed": True}  # 3: no number, no share
    rows = by_number(first["stadtteile"])
    assert near(rows[1]["n"], 9)
    assert near({c["id"]: c["count"] for c in rows[1]["choices"]}[poll.parts["ja"].pk], 6)
    # Four respondents in Stadtteil 16: suppressed, without a number anywhere in the row.
    assert rows[16] == {
        "number": 16,
        "name": stadtteile[16].name,
        "slug": stadtteile[16].slug,
        "n": None,
        "suppressed": True,
        "perturbed": False,
    }
    assert rows[2] == {**rows[2], "n": None, "suppressed": True}  # nobody: withheld like 1 to 5
    assert scale["stats"] == {"mean": round((6 * 5 + 3 * 1 + 4 * 3) / 13, 1), "median": 3.0}  # no min, no max
    counts = [d["count"] for d in scale["distribution"]]
    assert counts[:4] == [None, None, None, None]
    assert near(counts[4], 6)


def test_a_question_with_fewer_than_five_answers_is_suppressed_entirely(poll, stadtteile):
    for _ in range(MIN_GROUP - 1):
        answer(poll, stadtteil=stadtteile[1], choice=poll.parts["ja"])
    first = survey_results(poll)[0]
    assert first == {
        "id": first["id"],
        "order": 1,
        "text": first["text"],
        "kind": "single",
        "suppressed": True,
        "perturbed": False,
        "n": None,
    }
    assert survey_results(poll, exact=True)[0]["n"] == 4


def test_map_answers_count_where_the_place_is(poll, stadtteile):
    for _ in range(6):
        answer(poll, stadtteil=stadtteile[1], choice=poll.parts["ja"], where=stadtteile[4].label_point)
    where = survey_results(poll)[2]
    assert near(by_number(where["stadtteile"])[4]["n"], 6)
    assert by_number(where["stadtteile"])[1]["n"] is None  # nobody marked a place there: withheld like 1 to 5
    assert by_number(survey_results(poll, exact=True)[2]["stadtteile"])[1]["n"] == 0


def test_density_grid_hides_cells_with_fewer_than_five(poll, stadtteile):
    hot = stadtteile[1].label_point
    for _ in range(6):
        answer(poll, stadtteil=stadtteile[1], choice=poll.parts["ja"], where=hot)
    for _ in range(5):
        answer(poll, stadtteil=stadtteile[1], choice=poll.parts["ja"], where=stadtteile[10].label_point)

    public = json.loads(density_grid(poll.parts["where"]))
    assert len(public["features"]) == 1
    assert near(public["features"][0]["properties"]["count"], 6)
    assert public["features"][0]["properties"]["perturbed"] is True
    cell = public["features"][0]["geometry"]
    from django.contrib.gis.geos import GEOSGeometry

    assert GEOSGeometry(json.dumps(cell)).contains(Point(hot.x, hot.y))
    staff = json.loads(density_grid(poll.parts["where"], exact=True))
    assert sorted(f["properties"]["count"] for f in staff["features"]) == [5, 6]
    assert survey_results(poll)[2]["grid"]["features"] == public["features"]  # the same cell, the same noise


def test_lines_and_areas_count_in_every_cell_they_cross(db, stadtteile):
    survey = SurveyFactory()
    line = QuestionFactory(survey=survey, kind=Question.Kind.LINE, text="Ihr Weg?")
    start, end = stadtteile[1].label_point, stadtteile[2].label_point
    for _ in range(6):
        response_submit(
            survey=survey,
            user=UserFactory(),
            answers={str(line.pk): {"type": "LineString", "coordinates": [list(start.coords), list(end.coords)]}},
        )
    grid = json.loads(density_grid(line, exact=True))
    assert len(grid["features"]) > 1
    assert {f["properties"]["count"] for f in grid["features"]} == {6}
    # The same six people in every cell: the same published number everywhere.
    assert len({f["properties"]["count"] for f in json.loads(density_grid(line))["features"]}) == 1


def test_results_take_a_fixed_number_of_queries(poll, stadtteile, django_assert_max_num_queries):
    for _ in range(6):
        answer(poll, stadtteil=stadtteile[1], choice=poll.parts["ja"], where=stadtteile[1].label_point)
    with django_assert_max_num_queries(14):
        survey_results(poll)


def test_several_points_of_one_respondent_in_a_cell_count_once(db, stadtteile):
    survey = SurveyFactory()
    where = QuestionFactory(survey=survey, kind=Question.Kind.MULTIPOINT, text="Wo überall?")
    x, y = stadtteile[1].label_point.coords
    for _ in range(5):
        response_submit(
            survey=survey,
            user=UserFactory(),
            answers={str(where.pk): {"type": "MultiPoint", "coordinates": [[x, y], [x + 0.0001, y]]}},
        )
    assert [f["properties"]["count"] for f in json.loads(density_grid(where, exact=True))["features"]] == [5]


def test_results_can_leave_out_unverified_responses(db, stadtteile):
    survey = SurveyFactory(access="anonymous")
    question = QuestionFactory(survey=survey, order=1, text="Ja?")
    ja = ChoiceFactory(question=question, text="ja")
    where = QuestionFactory(survey=survey, order=2, kind=Question.Kind.POINT, text="Wo?")
    point = {"type": "Point", "coordinates": list(stadtteile[1].label_point.coords)}
    for i in range(5):
        response_submit(survey=survey, token=f"anonym-{i}", answers={str(question.pk): ja.pk, str(where.pk): point})
    for _ in range(6):
        response_submit(survey=survey, user=UserFactory(), answers={str(question.pk): ja.pk, str(where.pk): point})

    everyone = survey_results(survey, exact=True)
    assert everyone[0]["n"] == 11
    assert everyone[0]["n_unverified"] == 5
    verified = survey_results(survey, verified_only=True, exact=True)
    assert verified[0]["n"] == 6
    assert verified[0]["n_unverified"] == 5  # the same people, the same number in both variants
    assert verified[0]["choices"][0]["count"] == 6
    assert [f["properties"]["count"] for f in verified[1]["grid"]["features"]] == [6]
    public = survey_results(survey, verified_only=True)
    assert near(public[0]["n"], 6)
    assert public[0]["n_unverified"] is None  # five: withheld


def test_a_closed_surveys_public_results_are_counted_once_until_a_response_goes(poll, stadtteile):
    people = [answer(poll, stadtteil=stadtteile[1], choice=poll.parts["ja"]) for _ in range(7)]
    open_reads = []
    survey_results(poll)  # the first read of a process asks once which seed the rollups were built under
    for _ in range(2):  # while open (staff only), every read counts again
        with CaptureQueriesContext(connection) as queries:
            survey_results(poll)
        open_reads.append(len(queries))
    assert open_reads[1] == open_reads[0] > 5
    Survey.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
    poll.refresh_from_db()
    first = survey_results(poll)
    with CaptureQueriesContext(connection) as queries:
        assert survey_results(poll) == first
    assert len(queries) == 1  # the number of responses; the rest from the cache
    with CaptureQueriesContext(connection) as queries:
        survey_results(poll, verified_only=True)
    assert len(queries) >= open_reads[0]  # a variant of its own
    assert survey_results(poll, exact=True)[0]["n"] == 7  # staff: never cached, exact
    people[0].delete()  # an erased account takes its response along
    with CaptureQueriesContext(connection) as queries:
        survey_results(poll)
    assert len(queries) >= open_reads[0]  # counted again
    assert survey_results(poll, exact=True)[0]["n"] == 6
