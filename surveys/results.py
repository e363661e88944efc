"""Results, aggregated in PostGIS: per question overall, per Stadtteil and per Ortsbezirk, and density grids.

Privacy (DESIGN.md): unless `exact`, any group (district or grid cell) with fewer than MIN_GROUP responses
is suppressed: districts are reported as suppressed without a number, grid cells are left out entirely.
Choice questions and numbers are grouped by the respondent's Stadtteil; map questions by the place marked.
"""

import json
from dataclasses import dataclass

from django.db import connection

from geo.selectors import ortsbezirk_list, stadtteil_list
from geo.spatial import UTM32, WGS84
from surveys.models import Question, Survey
from surveys.selectors import survey_questions

MIN_GROUP = 5
GRID_CELL_M = 500
# Values of GROUPING(s.id, s.ortsbezirk_id): a bit is set for each column not grouped by.
STADTTEIL, ORTSBEZIRK, CITY = 0, 2, 3
# Appended to the answers' WHERE clause to leave out responses given without an account.
ONLY_VERIFIED = "AND response_id IN (SELECT id FROM surveys_response WHERE verified)"

# One statement for the three levels: GROUPING SETS instead of three scans of the answers.
COUNTS_SQL = """
SELECT GROUPING(s.id, s.ortsbezirk_id) AS level, s.id, s.ortsbezirk_id, count(*),
       count(*) FILTER (WHERE NOT r.verified), avg(a.number),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY a.number), min(a.number), max(a.number)
FROM surveys_answer a
JOIN surveys_response r ON r.id = a.response_id
LEFT JOIN geo_stadtteil s ON s.id = {district}
WHERE a.question_id = %s {verified}
GROUP BY GROUPING SETS ((), (s.id, s.ortsbezirk_id), (s.ortsbezirk_id))
"""

CHOICE_SQL = """
SELECT GROUPING(s.id, s.ortsbezirk_id) AS level, s.id, s.ortsbezirk_id, ac.choice_id, count(*), avg(ac.rank)
FROM surveys_answerchoice ac
JOIN surveys_answer a ON a.id = ac.answer_id
JOIN surveys_response r ON r.id = a.response_id
LEFT JOIN geo_stadtteil s ON s.id = r.stadtteil_id
WHERE a.question_id = %s {verified}
GROUP BY GROUPING SETS ((ac.choice_id), (s.id, s.ortsbezirk_id, ac.choice_id), (s.ortsbezirk_id, ac.choice_id))
"""

SCALE_SQL = "SELECT a.number, count(*) FROM surveys_answer a WHERE a.question_id = %s {verified} GROUP BY 1 ORDER BY 1"

OTHER_SQL = "SELECT count(*) FROM surveys_answer a WHERE a.question_id = %s AND a.text <> '' {verified}"

# A point falls into exactly one square of the grid: computing the cell index is cheaper than a join.
POINT_CELLS_SQL = """
SELECT a.response_id, floor(ST_X(g) / %(size)s)::int AS i, floor(ST_Y(g) / %(size)s)::int AS j
FROM (SELECT response_id, ST_Transform(geom, {utm}) AS g FROM surveys_answer
      WHERE question_id = %(question)s AND geom IS NOT NULL {verified}) a
"""
# Several points of one respondent in a cell count once.
MULTIPOINT_CELLS_SQL = """
SELECT DISTINCT a.response_id, floor(ST_X(p.geom) / %(size)s)::int AS i, floor(ST_Y(p.geom) / %(size)s)::int AS j
FROM surveys_answer a, ST_Dump(ST_Transform(a.geom, {utm})) p
WHERE a.question_id = %(question)s AND a.geom IS NOT NULL {verified}
"""
# Lines and areas count in every cell of ST_SquareGrid (aligned to the same origin) they touch.
SHAPE_CELLS_SQL = """
SELECT DISTINCT a.response_id, c.i, c.j
FROM surveys_answer a
CROSS JOIN LATERAL ST_SquareGrid(%(size)s, ST_Transform(a.geom, {utm})) c
WHERE a.question_id = %(question)s AND a.geom IS NOT NULL AND ST_Intersects(c.geom, ST_Transform(a.geom, {utm}))
  {verified}
"""
GRID_SQL = """
WITH hits AS ({cells}),
cells AS (SELECT i, j, count(*) AS n FROM hits GROUP BY i, j HAVING count(*) >= %(min)s)
SELECT json_build_object('type', 'FeatureCollection', 'cell_size_m', %(size)s, 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature',
        'geometry', ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(
            i * %(size)s, j * %(size)s, (i + 1) * %(size)s, (j + 1) * %(size)s, {utm}), {wgs}), 6)::json,
        'properties', json_build_object('count', n)
    ) ORDER BY i, j), '[]'::json))::text
FROM cells
"""


@dataclass(frozen=True)
class Districts:
    stadtteile: list
    ortsbezirke: list


def districts() -> Districts:
    return Districts(stadtteile=list(stadtteil_list()), ortsbezirke=list(ortsbezirk_list()))


def survey_results(
    survey: Survey, *, exact: bool = False, texts: bool = False, verified_only: bool = False
) -> list[dict]:
    """Every question's aggregates; `exact` lifts the suppression, `texts` adds the free texts,
    `verified_only` leaves out responses given without an account."""
    places = districts()
    return [
        question_results(q, places=places, exact=exact, texts=texts, verified_only=verified_only)
        for q in survey_questions(survey)
    ]


def question_results(
    question: Question, *, places: Districts, exact: bool = False, texts: bool = False, verified_only: bool = False
) -> dict:
    threshold = 1 if exact else MIN_GROUP
    verified = ONLY_VERIFIED if verified_only else ""
    district = "a.stadtteil_id" if question.is_map or question.kind == Question.Kind.STADTTEIL else "r.stadtteil_id"
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL.format(district=district, verified=verified), [question.pk])
        counts = cursor.fetchall()
    overall = next(row for row in counts if row[0] == CITY) if counts else None
    n = overall[3] if overall else 0
    result = {
        "id": question.pk,
        "order": question.order,
        "text": question.text,
        "kind": question.kind,
        "suppressed": n < threshold,
        "n": n if n >= threshold else None,
        "n_unverified": overall[4] if overall and n >= threshold else None,
    }
    stats_by = {}
    for level, stadtteil_id, ortsbezirk_id, count, _unverified, mean, median, low, high in counts:
        stats_by[(level, None if level == CITY else stadtteil_id if level == STADTTEIL else ortsbezirk_id)] = {
            "n": count,
            "mean": _round(mean),
            "median": _round(median),
            "min": low,
            "max": high,
        }
    numeric = question.kind in {Question.Kind.SCALE, Question.Kind.NUMBER}
    choices = {}
    if question.has_choices:
        choices = _choice_counts(question, verified)
    if result["suppressed"]:
        return result

    if numeric:
        overall_stats = stats_by[(CITY, None)]
        result["stats"] = {k: overall_stats[k] for k in ("mean", "median", "min", "max")}
    if question.kind == Question.Kind.SCALE:
        with connection.cursor() as cursor:
            cursor.execute(SCALE_SQL.format(verified=verified), [question.pk])
            found = dict(cursor.fetchall())
        result["distribution"] = [
            {"value": v, "count": found.get(float(v), 0), "share": _share(found.get(float(v), 0), n)}
            for v in question.scale_values()
        ]
    if question.has_choices:
        result["choices"] = _choice_rows(question, choices.get((CITY, None), {}), n)
        if question.allow_other:
            with connection.cursor() as cursor:
                cursor.execute(OTHER_SQL.format(verified=verified), [question.pk])
                result["other_count"] = cursor.fetchone()[0]
    result["stadtteile"] = [
        _district_row(
            {"number": s.number, "name": s.name, "slug": s.slug},
            stats_by.get((STADTTEIL, s.pk)),
            choices.get((STADTTEIL, s.pk)),
            question,
            threshold,
            numeric,
        )
        for s in places.stadtteile
    ]
    result["ortsbezirke"] = [
        _district_row(
            {"name": o.name, "slug": o.slug},
            stats_by.get((ORTSBEZIRK, o.pk)),
            choices.get((ORTSBEZIRK, o.pk)),
            question,
            threshold,
            numeric,
        )
        for o in places.ortsbezirke
    ]
    if question.is_map:
        result["grid"] = json.loads(density_grid(question, min_count=threshold, verified_only=verified_only))
    if texts and question.kind in {Question.Kind.TEXT, Question.Kind.MULTIPLE}:
        answers = question.answers.exclude(text="")
        if verified_only:
            answers = answers.filter(response__verified=True)
        result["texts"] = list(answers.order_by("response__created_at").values_list("text", flat=True))
    return result


def density_grid(
    question: Question, *, min_count: int = MIN_GROUP, size: int = GRID_CELL_M, verified_only: bool = False
) -> str:
    """A GeoJSON FeatureCollection (text, WGS84) of the grid cells in EPSG:25832 with at least `min_count`
    respondents; cells below it are left out."""
    cells = {Question.Kind.POINT: POINT_CELLS_SQL, Question.Kind.MULTIPOINT: MULTIPOINT_CELLS_SQL}.get(
        question.kind, SHAPE_CELLS_SQL
    )
    cells = cells.format(utm=UTM32, verified=ONLY_VERIFIED if verified_only else "")
    sql = GRID_SQL.format(cells=cells, utm=UTM32, wgs=WGS84)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"size": size, "question": question.pk, "min": min_count})
        return cursor.fetchone()[0]


def _choice_counts(question: Question, verified: str) -> dict[tuple, dict[int, tuple[int, float | None]]]:
    """{(level, district id): {choice id: (count, mean rank)}}."""
    with connection.cursor() as cursor:
        cursor.execute(CHOICE_SQL.format(verified=verified), [question.pk])
        rows = cursor.fetchall()
    grouped: dict[tuple, dict[int, tuple[int, float | None]]] = {}
    for level, stadtteil_id, ortsbezirk_id, choice_id, count, mean_rank in rows:
        key = (level, None if level == CITY else stadtteil_id if level == STADTTEIL else ortsbezirk_id)
        grouped.setdefault(key, {})[choice_id] = (count, mean_rank)
    return grouped


def _choice_rows(question: Question, counts: dict, n: int) -> list[dict]:
    rows = []
    for choice in question.choices.all():
        count, mean_rank = counts.get(choice.pk, (0, None))
        row = {"id": choice.pk, "text": choice.text, "count": count, "share": _share(count, n)}
        if question.kind == Question.Kind.RANKING:
            row["mean_rank"] = _round(mean_rank)
        rows.append(row)
    return rows


def _district_row(head: dict, stats: dict | None, counts: dict | None, question, threshold: int, numeric: bool):
    n = stats["n"] if stats else 0
    if n < threshold:
        return {**head, "n": None, "suppressed": True}
    row = {**head, "n": n, "suppressed": False}
    if numeric:
        row["mean"], row["median"] = stats["mean"], stats["median"]
    if counts is not None or question.has_choices:
        row["choices"] = [
            {"id": cid, "count": count, "share": _share(count, n)} for cid, (count, _rank) in (counts or {}).items()
        ]
    return row


def _share(count: int, n: int) -> float | None:
    return round(count / n, 4) if n else None


def _round(value) -> float | None:
    return None if value is None else round(float(value), 2)
