"""Survey results over 1,000,000 answers through geo.aggregation + geo.disclosure, against the bare SQL
GROUP BY of the same numbers, both over HTTP under gunicorn on loopback (docs/performance.md).

The floor is served by bench.floor_wsgi: the same gunicorn, Django and database connection, and a view that
runs only the GROUP BY statements and returns their rows as JSON.
"""

import json
import os
import random
import sys
import time
import urllib.request

from django.db import connection, transaction
from django.utils import timezone

from bench.http import serve, stop
from bench.timing import median_seconds, report
from geo.disclosure import KEY_MODULUS
from surveys.demo.generate import Spec, demo_question, demo_survey, generate_responses
from surveys.models import Question, Survey

RESPONSES = 250_000  # four questions each: 1,000,000 answers
SLUG = "bench-privacy"
PORT = int(os.environ.get("BENCH_PORT", "8110"))
SEARCHED = 3_000  # random data sets for the rate of chained pins


def chained_pin_rate(searched: int = SEARCHED, seed: int = 1) -> int:
    """Random data sets of the property test's shape (up to 60 people, 6 Stadtteile in 2 Ortsbezirke, 3
    choices, both variants as published): how many let the propagating attacker pin a group of 1-4
    (docs/privacy.md, "Not closed: longer chains"; the CI test runs a fixed seed)."""
    from tests.privacy.attacker import pinned, propagate
    from tests.privacy.test_policy_properties import results_payload

    rnd = random.Random(seed)
    pins = 0
    for _ in range(searched):
        people = rnd.randint(0, 60)
        data = [(rnd.randrange(KEY_MODULUS), rnd.randint(0, 5), rnd.random() < 0.5, rnd.randint(0, 2))
                for _ in range(people)]  # fmt: skip
        published, sums, _truth = results_payload(data)
        pins += bool(pinned(propagate(published, sums)))
    return pins


@transaction.atomic  # the generator's temporary table lives until the commit
def _survey() -> Survey:
    existing = Survey.objects.filter(slug=SLUG).first()
    if existing is not None and existing.responses.count() > RESPONSES * 0.99:  # kept from an earlier run
        return existing
    if existing is not None:
        existing.delete()
    now = timezone.now()
    survey = demo_survey(
        SLUG, title="Benchmark Datenschutz", opens_at=now - timezone.timedelta(days=30), closes_at=now,
        results_public=True,
    )  # fmt: skip
    where = demo_question(survey, 1, Question.Kind.POINT, "Wo?")
    single = demo_question(survey, 2, Question.Kind.SINGLE, "Ja?", ["ja", "nein", "egal"])
    multiple = demo_question(survey, 3, Question.Kind.MULTIPLE, "Was?", ["a", "b", "c", "d"])
    scale = demo_question(survey, 4, Question.Kind.SCALE, "Wie?")
    specs = [
        Spec(single, weights=[3, 2, 1]),
        Spec(multiple, rates=[0.5, 0.3, 0.2, 0.1]),
        Spec(scale, weights=[1, 2, 3, 2, 1]),
    ]
    generate_responses(survey, total=RESPONSES, where=where, specs=specs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_response; ANALYZE surveys_answer; ANALYZE surveys_answerchoice")
    return survey


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 (loopback)
        response.read()
        assert response.status == 200, url


def _serve():
    command = [
        sys.executable, "-m", "gunicorn", "bench.floor_wsgi:application", "--bind", f"127.0.0.1:{PORT}",
        "--workers", "1", "--timeout", "600",
    ]  # fmt: skip
    return serve(command, f"http://127.0.0.1:{PORT}/api/v1/surveys/")


def run() -> None:
    started = time.perf_counter()
    pins = chained_pin_rate()
    print(f"Chained pins: {pins} of {SEARCHED:,} random data sets ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    survey = _survey()
    print(f"Survey of {RESPONSES:,} responses ready in {time.perf_counter() - started:.0f} s (kept for the next run)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM surveys_answer a JOIN surveys_question q ON q.id = a.question_id "
            "WHERE q.survey_id = %s",
            [survey.pk],
        )
        answers = cursor.fetchone()[0]
    server = _serve()
    try:
        base = f"http://127.0.0.1:{PORT}"
        rows = [
            ("bare SQL GROUP BY (floor)", median_seconds(lambda: _get(f"{base}/bench/floor/{survey.pk}/"), repeat=5)),
            (
                "results API (geo.aggregation + geo.disclosure)",
                median_seconds(lambda: _get(f"{base}/api/v1/surveys/{survey.pk}/results/"), repeat=5),
            ),
        ]
    finally:
        stop(server)
    report(f"Survey results over HTTP under gunicorn: {answers:,} answers", rows, "bare SQL GROUP BY (floor)")
    print(json.dumps({name: round(seconds, 4) for name, seconds in rows}))
