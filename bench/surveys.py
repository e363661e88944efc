"""Results aggregation of a survey with 100,000 responses: surveys.results against the bare SQL floor."""

from django.db import connection, transaction
from django.utils import timezone

from bench.timing import median_seconds, report
from surveys.demo.generate import Spec, demo_question, demo_survey, generate_responses
from surveys.models import Question, Survey
from surveys.results import GRID_CELL_M, MIN_GROUP, density_grid, survey_results

N = 100_000
SLUG = "bench-surveys"

BARE_SQL = [
    # choice shares per Stadtteil
    """SELECT r.stadtteil_id, ac.choice_id, count(*) FROM surveys_answerchoice ac
       JOIN surveys_answer a ON a.id = ac.answer_id JOIN surveys_response r ON r.id = a.response_id
       WHERE a.question_id = %(single)s GROUP BY 1, 2""",
    # scale mean per Stadtteil
    """SELECT r.stadtteil_id, count(*), avg(a.number) FROM surveys_answer a
       JOIN surveys_response r ON r.id = a.response_id WHERE a.question_id = %(scale)s GROUP BY 1""",
    # map answers per Stadtteil and the density grid (cells with at least MIN_GROUP)
    "SELECT a.stadtteil_id, count(*) FROM surveys_answer a WHERE a.question_id = %(point)s GROUP BY 1",
    """SELECT floor(ST_X(g) / %(size)s), floor(ST_Y(g) / %(size)s), count(*) FROM (
         SELECT ST_Transform(geom, 25832) g FROM surveys_answer WHERE question_id = %(point)s) p
       GROUP BY 1, 2 HAVING count(*) >= %(min)s""",
]


def _bench_survey() -> Survey:
    now = timezone.now()
    survey = demo_survey(SLUG, title="Benchmark", opens_at=now - timezone.timedelta(days=30), closes_at=now)
    where = demo_question(survey, 1, Question.Kind.POINT, "Wo?")
    single = demo_question(survey, 2, Question.Kind.SINGLE, "Ja?", ["ja", "nein", "egal"])
    scale = demo_question(survey, 3, Question.Kind.SCALE, "Wie?")
    generate_responses(
        survey, total=N, where=where, specs=[Spec(single, weights=[3, 2, 1]), Spec(scale, weights=[1, 2, 3, 2, 1])]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_response; ANALYZE surveys_answer; ANALYZE surveys_answerchoice")
    survey.ids = {"point": where.pk, "single": single.pk, "scale": scale.pk, "size": GRID_CELL_M, "min": MIN_GROUP}
    return survey


def _bare(params: dict) -> None:
    with connection.cursor() as cursor:
        for sql in BARE_SQL:
            cursor.execute(sql, params)
            cursor.fetchall()


def run() -> None:
    with transaction.atomic():
        survey = _bench_survey()
        where = survey.questions.get(order=1)
        rows = [
            ("bare SQL (floor)", median_seconds(lambda: _bare(survey.ids), repeat=5)),
            ("surveys.results.survey_results", median_seconds(lambda: survey_results(survey), repeat=5)),
            ("density_grid alone", median_seconds(lambda: density_grid(where), repeat=5)),
        ]
        title = f"Results of a survey with {survey.responses.count():,} responses (map, choice, scale questions)"
        report(title, rows, "bare SQL (floor)")
        print(
            "\nIn-process on purpose: the 100,000 responses exist only inside this benchmark's transaction, which is"
            " rolled back, so no server process can see them. The results pages over HTTP are measured on the scale"
            " data set (`python -m bench pages`, `make bench-cpu`)."
        )
        transaction.set_rollback(True)  # leave the database as it was
