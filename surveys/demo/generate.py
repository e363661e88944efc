"""Random demo responses generated in SQL: respondents spread over the Stadtteile by population, places
inside the Stadtteil polygons (ST_GeneratePoints) and around real hotspots of the gazetteer, districts set by
one UPDATE ... FROM geo_stadtteil. A few thousand responses take well under a second (bench: 100,000)."""

from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from geo.districting import assign_districts
from surveys.models import Choice, Question, Survey
from surveys.rollups import survey_rollups_add, survey_rollups_remove


@dataclass
class Spec:
    """How to answer one question at random: `weights` per choice or scale value, `rates` per choice
    (multiple choice), `tilt` makes the last choice likelier in higher-numbered Stadtteile, `texts` for free text."""

    question: Question
    weights: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    tilt: float = 0.0
    low: float = 0.0
    high: float = 0.0
    texts: list[str] = field(default_factory=list)
    answered: float = 1.0


def demo_question(survey: Survey, order: int, kind: str, text: str, choices=(), **extra) -> Question:
    question = Question.objects.create(survey=survey, order=order, kind=kind, text=text, **extra)
    Choice.objects.bulk_create(Choice(question=question, order=i, text=t) for i, t in enumerate(choices, start=1))
    return question


def _triggers_off() -> bool:
    """Row triggers and foreign-key checks off until the transaction ends or `_triggers_on()`: the rollup
    triggers run once per row (minutes for the benchmarks' 250,000 responses), so the generator counts a
    survey's rows into the rollups in one pass instead (surveys.rollups.survey_rollups_add). Needs a superuser
    (the development database is one); otherwise the triggers stay on and count row by row."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: a refusal leaves no error behind
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def _triggers_on() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")


@transaction.atomic
def demo_survey(slug: str, **fields) -> Survey:
    """A new survey `slug`; an earlier one of that slug is replaced with its responses (a re-run)."""
    for old in Survey.objects.filter(slug=slug):
        if old.responses.exists() and _triggers_off():
            # In SQL: Django's collector would load every answer and choice (minutes for 250,000 responses).
            survey_rollups_remove(old.pk)
            with connection.cursor() as cursor:
                cursor.execute(
                    """DELETE FROM surveys_answerchoice WHERE answer_id IN (SELECT a.id FROM surveys_answer a
                           JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %(s)s);
                       DELETE FROM surveys_answer WHERE response_id IN
                           (SELECT id FROM surveys_response WHERE survey_id = %(s)s);
                       DELETE FROM surveys_response WHERE survey_id = %(s)s;""",
                    {"s": old.pk},
                )
            _triggers_on()
        old.delete()
    return Survey.objects.create(slug=slug, is_demo=True, **fields)


def generate_responses(
    survey: Survey, *, total: int, where: Question | None, specs: list[Spec], hotspots=(), hotspot_share=0.0, seed=0.5
) -> int:
    """`total` anonymous responses spread over the Stadtteile by population; returns how many were made.
    Inside a transaction (the caller's): the generator's temporary table lives until the commit."""
    opened = survey.opens_at
    ended = min(survey.closes_at, timezone.now())
    # A survey without responses yet: its rows are counted into the rollups in one pass at the end.
    counted_at_end = not survey.responses.exists() and _triggers_off()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute("DROP TABLE IF EXISTS demo_points")
        cursor.execute(
            """
            CREATE TEMP TABLE demo_points ON COMMIT DROP AS
            WITH weights AS (
                SELECT geom, round(%(n)s * population::float / sum(population) OVER ())::int AS k
                FROM geo_stadtteil WHERE population > 0
            ), hotspots AS (
                SELECT DISTINCT ON (name) ST_Transform(ST_Buffer(ST_Transform(location, 25832), 180), 4326) AS geom
                FROM geo_place WHERE kind = 'place' AND name = ANY(%(hotspots)s) ORDER BY name, id
            ), spread AS (
                SELECT (ST_Dump(ST_GeneratePoints(geom, k, 7))).geom FROM weights WHERE k > 0
                UNION ALL
                SELECT (ST_Dump(ST_GeneratePoints(geom, greatest(1, round(%(hot)s)::int), 11))).geom FROM hotspots
            )
            SELECT row_number() OVER (ORDER BY random()) AS rn, geom, NULL::bigint AS stadtteil_id FROM spread
            """,
            {
                "n": total * (1 - hotspot_share),
                "hot": total * hotspot_share / max(1, len(hotspots)),
                "hotspots": list(hotspots),
            },
        )
        if where is not None:
            # Districts before the rows exist: a response written with its Stadtteil is counted once by the
            # rollup triggers, while setting it afterwards moved every response in the rollups again (one
            # trigger run per row: minutes for 100,000).
            assign_districts(table="demo_points")
        cursor.execute(
            """
            INSERT INTO surveys_response (survey_id, token, verified, created_at, updated_at, stadtteil_id)
            SELECT %(survey)s, 'demo-' || %(survey)s || '-' || rn, random() < 0.35, t, t,
                   CASE WHEN %(located)s THEN stadtteil_id END
            FROM (SELECT rn, stadtteil_id, %(opened)s + random() * (%(ended)s - %(opened)s) AS t FROM demo_points) p
            """,
            {"survey": survey.pk, "opened": opened, "ended": ended, "located": where is not None},
        )
        made = cursor.rowcount
        if where is not None:
            cursor.execute(
                """
                INSERT INTO surveys_answer (response_id, question_id, text, geom, stadtteil_id)
                SELECT r.id, %(question)s, '', p.geom, p.stadtteil_id FROM demo_points p
                JOIN surveys_response r ON r.survey_id = %(survey)s AND r.token = 'demo-' || %(survey)s || '-' || p.rn
                """,
                {"survey": survey.pk, "question": where.pk},
            )
        for spec in specs:
            _answer(cursor, survey, spec)
    if counted_at_end:
        survey_rollups_add(survey.pk)
        _triggers_on()
    return made


def _answer(cursor, survey: Survey, spec: Spec) -> None:
    question = spec.question
    cursor.execute(
        """
        INSERT INTO surveys_answer (response_id, question_id, text, number)
        SELECT r.id, %(question)s, '', NULL FROM surveys_response r
        WHERE r.survey_id = %(survey)s AND random() < %(answered)s
        """,
        {"question": question.pk, "survey": survey.pk, "answered": spec.answered},
    )
    FILLERS[question.kind](cursor, question, spec)


def _fill_single(cursor, question: Question, spec: Spec) -> None:
    choices = list(question.choices.values_list("pk", flat=True))
    # A weighted draw per answer; the first choice's weight leans with the Stadtteil number.
    cursor.execute(
        """
        WITH draws AS (
            SELECT a.id, random() * (w.total + %(tilt)s * (coalesce(s.number, 9) - 9)) AS x
            FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
            LEFT JOIN geo_stadtteil s ON s.id = r.stadtteil_id,
            (SELECT sum(w) AS total FROM unnest(%(weights)s::float8[]) w) w
            WHERE a.question_id = %(question)s
        )
        INSERT INTO surveys_answerchoice (answer_id, choice_id)
        SELECT d.id, (%(choices)s::bigint[])[coalesce((
            SELECT min(i) FROM generate_series(1, cardinality(%(cumulative)s::float8[])) i
            WHERE d.x < (%(cumulative)s::float8[])[i]), cardinality(%(choices)s::bigint[]))]
        FROM draws d
        """,
        {
            "question": question.pk,
            "choices": choices,
            "weights": spec.weights,
            "tilt": spec.tilt,
            "cumulative": _cumulative(spec.weights),
        },
    )


def _fill_multiple(cursor, question: Question, spec: Spec) -> None:
    choices = list(question.choices.values_list("pk", flat=True))
    cursor.execute(
        """
        INSERT INTO surveys_answerchoice (answer_id, choice_id)
        SELECT a.id, c.choice
        FROM surveys_answer a, unnest(%(choices)s::bigint[], %(rates)s::float8[]) c(choice, rate)
        -- "+ 0 * a.id" ties the draw to the pair (answer, choice): a condition on c alone is evaluated
        -- once per choice, below the join, and every respondent would get the same choices.
        WHERE a.question_id = %(question)s AND random() < c.rate + 0 * a.id
        """,
        {"question": question.pk, "choices": choices, "rates": spec.rates},
    )


def _fill_scale(cursor, question: Question, spec: Spec) -> None:
    cumulative = _cumulative(spec.weights)
    cursor.execute(
        """
        UPDATE surveys_answer SET number = %(min)s - 1 + coalesce((
            SELECT min(i) FROM generate_series(1, cardinality(%(cumulative)s::float8[])) i
            WHERE x < (%(cumulative)s::float8[])[i]), %(steps)s)
        FROM (SELECT id AS answer_id, random() * %(total)s AS x FROM surveys_answer
              WHERE question_id = %(question)s) d
        WHERE id = d.answer_id
        """,
        {
            "question": question.pk,
            "cumulative": cumulative,
            "total": sum(spec.weights),
            "min": question.scale_min,
            "steps": len(spec.weights),
        },
    )


def _fill_number(cursor, question: Question, spec: Spec) -> None:
    cursor.execute(
        "UPDATE surveys_answer SET number = round((%s + random() * %s)::numeric) WHERE question_id = %s",
        [spec.low, spec.high - spec.low, question.pk],
    )


def _fill_text(cursor, question: Question, spec: Spec) -> None:
    cursor.execute(
        "UPDATE surveys_answer SET text = (%s::text[])[1 + floor(random() * %s)::int] WHERE question_id = %s",
        [spec.texts, len(spec.texts), question.pk],
    )


# The SQL that fills each kind's answers; a kind without an entry has no demo answers to generate.
FILLERS = {
    Question.Kind.SINGLE: _fill_single,
    Question.Kind.MULTIPLE: _fill_multiple,
    Question.Kind.SCALE: _fill_scale,
    Question.Kind.NUMBER: _fill_number,
    Question.Kind.TEXT: _fill_text,
}


def _cumulative(weights: list[float]) -> list[float]:
    """Upper bounds of each choice's slice of [0, sum(weights))."""
    bounds, running = [], 0.0
    for weight in weights:
        running += weight
        bounds.append(running)
    return bounds
