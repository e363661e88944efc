"""The site under gunicorn plus /bench/floor/<survey id>/: the bare GROUP BY statements of a survey's
results (no levels in one pass, no cell keys, no policy), as the floor the results API is measured against."""

import json
import os
import re

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
site = get_wsgi_application()

from django.db import connection  # noqa: E402  (after Django is set up)

FLOOR = re.compile(r"^/bench/floor/(\d+)/$")
STATEMENTS = [
    # per question and Stadtteil: answers, mean, median (choice questions: per choice too)
    """SELECT a.question_id, r.stadtteil_id, count(*), avg(a.number),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY a.number) FILTER (WHERE a.number IS NOT NULL)
       FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
       JOIN surveys_question q ON q.id = a.question_id WHERE q.survey_id = %(survey)s GROUP BY 1, 2""",
    """SELECT a.question_id, r.stadtteil_id, ac.choice_id, count(*)
       FROM surveys_answerchoice ac JOIN surveys_answer a ON a.id = ac.answer_id
       JOIN surveys_response r ON r.id = a.response_id
       JOIN surveys_question q ON q.id = a.question_id WHERE q.survey_id = %(survey)s GROUP BY 1, 2, 3""",
    # map answers: per Stadtteil of the place, and per 500 m square
    """SELECT a.stadtteil_id, count(*) FROM surveys_answer a JOIN surveys_question q ON q.id = a.question_id
       WHERE q.survey_id = %(survey)s AND a.geom IS NOT NULL GROUP BY 1""",
    """SELECT floor(ST_X(g) / 500), floor(ST_Y(g) / 500), count(*) FROM (
         SELECT ST_Transform(a.geom, 25832) g FROM surveys_answer a JOIN surveys_question q ON q.id = a.question_id
         WHERE q.survey_id = %(survey)s AND a.geom IS NOT NULL) p GROUP BY 1, 2""",
]


def application(environ, start_response):
    found = FLOOR.match(environ.get("PATH_INFO", ""))
    if not found:
        return site(environ, start_response)
    rows = []
    with connection.cursor() as cursor:
        for statement in STATEMENTS:
            cursor.execute(statement, {"survey": int(found.group(1))})
            rows.append(cursor.fetchall())
    body = json.dumps(rows, default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
