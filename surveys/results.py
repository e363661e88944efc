"""Survey results: per question for the city, per Stadtteil and per Ortsbezirk, and density grids.

Counted by geo.aggregation and published through geo.disclosure (docs/privacy.md): unless `exact` (staff
with the right), every count is perturbed by its cell key and groups under MIN_GROUP are suppressed, shares
only come from published counts, and no single answer (min, max) is shown. Choice questions and numbers
are grouped by the respondent's Stadtteil; map questions by the place marked.
"""

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import connection

from geo.aggregation import CITY, GRID_CELL_M, ORTSBEZIRK, STADTTEIL, district_levels
from geo.disclosure import MIN_GROUP, SHOWN_FROM, Cell, publish_within, record_key_sql, share
from geo.selectors import ortsbezirk_list, stadtteil_list
from surveys import rollups as survey_rollups
from surveys.kinds import kind_of
from surveys.kinds.base import ResultContext
from surveys.models import Question, Survey
from surveys.selectors import survey_questions

__all__ = ["GRID_CELL_M", "MIN_GROUP", "SHOWN_FROM", "density_grid", "question_results", "survey_results"]

# Every statement counts everyone and, beside, the unverified: the verified-only variant is published as a
# part of the whole (geo.disclosure.publish_within), so both numbers come from one pass. The survey id is
# redundant with the question's but lets PostgreSQL read only this survey's responses instead of hashing all
# of them (0.9 → 0.3 s per question at 100,000 of 2,000,000 responses).
ANSWERS_SQL = """
SELECT a.response_id AS record, {district} AS stadtteil_id, a.number, NOT r.verified AS unverified
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE a.question_id = %s AND r.survey_id = %s
"""
CHOICES_SQL = """
SELECT a.response_id AS record, {district} AS stadtteil_id, ac.choice_id, ac.rank, NOT r.verified AS unverified
FROM surveys_answerchoice ac JOIN surveys_answer a ON a.id = ac.answer_id
JOIN surveys_response r ON r.id = a.response_id
WHERE a.question_id = %s AND r.survey_id = %s
"""
# The same choice counts from the rollup kept on write (surveys/rollups.py): a few thousand rows per question
# instead of every chosen option of the survey.
CHOICE_ROLLUP_SQL = """
SELECT stadtteil_id, choice_id, verified, count, key, rank_sum, ranked
FROM surveys_choicerollup WHERE question_id = %s AND survey_id = %s
"""
ROLLED = ("sum(src.count)::bigint", "sum(src.key)::bigint")
ROLLED_UNVERIFIED = [
    "coalesce(sum(src.count) FILTER (WHERE NOT src.verified), 0)::bigint",
    "coalesce(sum(src.key) FILTER (WHERE NOT src.verified), 0)::bigint",
]
OTHER_SQL = """
SELECT count(*), coalesce(sum({key}), 0), count(*) FILTER (WHERE NOT r.verified),
       coalesce(sum({key}) FILTER (WHERE NOT r.verified), 0)
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE a.question_id = %s AND r.survey_id = %s AND a.text <> ''
"""
PUBLIC_RESULTS_TTL = 3600  # seconds
NOBODY = (0, 0, 0, 0)
UNVERIFIED = ["count(*) FILTER (WHERE src.unverified)", "coalesce(sum({key}) FILTER (WHERE src.unverified), 0)"]


@dataclass(frozen=True)
class Districts:
    stadtteile: list
    ortsbezirke: list


def districts() -> Districts:
    return Districts(stadtteile=list(stadtteil_list()), ortsbezirke=list(ortsbezirk_list()))


def survey_results(
    survey: Survey, *, exact: bool = False, texts: bool = False, verified_only: bool = False
) -> list[dict]:
    """Every question's aggregates; `exact` (staff only) lifts the policy, `texts` adds the free texts,
    `verified_only` leaves out responses given without an account.

    The public results of a closed survey no longer change, and counting 100,000 responses takes seconds,
    so they are cached. The key holds the number of responses (an account deletion that erases a response
    gives new numbers at once) and the survey's last change; question edits after the close show within
    PUBLIC_RESULTS_TTL."""

    def compute() -> list[dict]:
        places = districts()
        return [
            question_results(q, places=places, exact=exact, texts=texts, verified_only=verified_only)
            for q in survey_questions(survey)
        ]

    if exact or texts or not survey.is_closed():
        return compute()
    stamp = f"{survey.updated_at.timestamp()}:{survey.responses.count()}"
    key = f"survey-results:{survey.pk}:{int(verified_only)}:{stamp}"
    return cache.get_or_set(key, compute, PUBLIC_RESULTS_TTL)


def question_results(
    question: Question, *, places: Districts, exact: bool = False, texts: bool = False, verified_only: bool = False
) -> dict:
    kind = kind_of(question)
    district = "a.stadtteil_id" if kind.answer_district else "r.stadtteil_id"
    unverified = [column.format(key=record_key_sql("src.record")) for column in UNVERIFIED]
    only = "FILTER (WHERE NOT src.unverified)" if verified_only else ""
    numeric = kind.numeric
    extra = list(unverified)
    if numeric:  # a median sorts every group: only where there are numbers
        extra += [
            f"avg(src.number) {only}",
            f"percentile_cont(0.5) WITHIN GROUP (ORDER BY src.number) {only}",
            f"min(src.number) {only}",
            f"max(src.number) {only}",
        ]
    levels = district_levels(ANSWERS_SQL.format(district=district), [question.pk, question.survey_id], extra=extra)
    city = levels.get((CITY, None), (0, 0, 0, 0))
    n, n_key, n_unverified, n_unverified_key, *stats = city
    mean, median, low, high = stats or (None, None, None, None)
    variant = ResultContext(total=None, exact=exact, verified_only=verified_only)
    total = variant.publish(city)
    variant = replace(variant, total=total, counts=city[:4])
    result = {
        "id": question.pk,
        "order": question.order,
        "text": question.text,
        "kind": question.kind,
        "n": total.count,
        **total.markers(),
        "suppressed": total.count is None or total.count == 0,
    }
    if result["suppressed"]:
        return result
    result["n_unverified"] = publish_within((n_unverified, n_unverified_key), (n, n_key), exact=exact).count
    if numeric:
        result["stats"] = {"mean": _round(mean, exact), "median": _round(median, exact)}
        if exact:  # single people's answers: staff only
            result["stats"].update(min=low, max=high)
    choices: dict[tuple, tuple] = {}
    if question.has_choices and survey_rollups.usable():
        verified = "FILTER (WHERE src.verified)" if verified_only else ""
        choices = district_levels(
            CHOICE_ROLLUP_SQL,
            [question.pk, question.survey_id],
            by=["choice_id"],
            extra=[
                *ROLLED_UNVERIFIED,
                f"sum(src.rank_sum) {verified} / nullif(sum(src.ranked) {verified}, 0)::numeric",
            ],
            counted=ROLLED,
        )
    elif question.has_choices:
        choices = district_levels(
            CHOICES_SQL.format(district="r.stadtteil_id"),
            [question.pk, question.survey_id],
            by=["choice_id"],
            extra=[*unverified, f"avg(src.rank) {only}"],
        )
    if question.has_choices:
        result["choices"] = _choice_rows(question, choices, (CITY, None), [], total, variant)
        if question.allow_other:
            with connection.cursor() as cursor:
                cursor.execute(OTHER_SQL.format(key=record_key_sql("a.response_id")), [question.pk, question.survey_id])
                result["other_count"] = variant.publish(cursor.fetchone()).count
    # Each row lists the groups above it (its Ortsbezirk, the city): no number is shown above theirs.
    result["by_place"] = variant.by_place
    result["stadtteile"] = [
        _district_row({"number": s.number, "name": s.name, "slug": s.slug}, (STADTTEIL, s.pk),
                      [(ORTSBEZIRK, s.ortsbezirk_id), (CITY, None)], levels, choices, question, variant, numeric)
        for s in places.stadtteile if variant.by_place
    ]  # fmt: skip
    result["ortsbezirke"] = [
        _district_row({"name": o.name, "slug": o.slug}, (ORTSBEZIRK, o.pk), [(CITY, None)], levels, choices,
                      question, variant, numeric)
        for o in places.ortsbezirke if variant.by_place
    ]  # fmt: skip
    kind.extend_results(question, result, variant)
    if texts and kind.keeps_texts:
        answers = question.answers.exclude(text="")
        if verified_only:
            answers = answers.filter(response__verified=True)
        result["texts"] = list(answers.order_by("response__created_at").values_list("text", flat=True))
    return result


def density_grid(
    question: Question, *, exact: bool = False, size: int = GRID_CELL_M, verified_only: bool = False
) -> str:
    """The published grid of a map question: GeoJSON text (WGS84) of EPSG:25832 squares; cells under
    MIN_GROUP respondents left out, others perturbed, unless `exact`."""
    return kind_of(question).grid(question, exact=exact, size=size, verified_only=verified_only)


def _choice_rows(
    question: Question, choices: dict, where: tuple, above: list, total: Cell, variant: ResultContext, levels=None
) -> list[dict]:
    """The choices at `where`; `above` are the places containing it, `levels` their respondents' counts: a
    choice is a part of the place's respondents and of the same choice in every place above."""
    rows = []
    respondents = [levels.get(place, NOBODY) for place in (where, *above)] if levels else []
    for choice in question.choices.all():
        counts = choices.get((*where, choice.pk), (0, 0, 0, 0, None))
        mean_rank = counts[4]
        same_choice = [choices.get((*place, choice.pk), NOBODY) for place in above]
        cell = variant.publish(counts, [*respondents, *same_choice])
        row = {"id": choice.pk, "text": choice.text, "count": cell.count, "share": share(cell, total), **cell.markers()}
        if kind_of(question).ranked:
            row["mean_rank"] = _round(mean_rank, variant.exact) if cell.count else None
        rows.append(row)
    return rows


def _district_row(
    head: dict, where: tuple, above: list, levels: dict, choices: dict, question, variant: ResultContext, numeric: bool
):
    counts = levels.get(where, NOBODY)
    stats = counts[4:]
    cell = variant.publish(counts, [levels.get(place, NOBODY) for place in above])
    row = {**head, "n": cell.count, **cell.markers(), "suppressed": cell.count is None}
    if cell.count is None:
        return row
    if numeric and cell.count:
        row["mean"], row["median"] = _round(stats[0], variant.exact), _round(stats[1], variant.exact)
    if question.has_choices:
        row["choices"] = [
            {k: v for k, v in item.items() if k != "text"}
            for item in _choice_rows(question, choices, where, above, cell, variant, levels)
        ]
    return row


def _round(value, exact: bool) -> float | None:
    """Staff get two decimals; the public one (a mean of five answers says less to one decimal)."""
    return None if value is None else round(float(value), 2 if exact else 1)
