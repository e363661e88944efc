"""The filtered contributions every aggregate starts from, as querysets (their SQL becomes a CTE)."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncWeek
from django.shortcuts import get_object_or_404

from dashboard.filters import Filters
from geo.disclosure import record_key_sql
from proposals.models import Idea, IdeaRollup, IdeaWeekRollup
from surveys import rollups as survey_rollups
from surveys.kinds import kind_of
from surveys.models import Answer, AnswerChoice, Question, RespondentWeekCount, Response, ResponseRollup, Survey


def ideas(filters: Filters, *, public: bool = False) -> QuerySet[Idea]:
    """Staff count every idea that is not rejected or hidden (pending ones too); the public only published."""
    if public:
        qs = Idea.objects.public()
    else:
        qs = Idea.objects.filter(visibility__in=[Idea.Visibility.PUBLISHED, Idea.Visibility.PENDING])
    return _dated(_idea_filters(qs, filters), filters)


def _idea_filters(qs: QuerySet, filters: Filters) -> QuerySet:
    """Project, category and status: columns of ideas and of their rollup alike."""
    if filters.project_id:
        qs = qs.filter(project_id=filters.project_id)
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def idea_counts(filters: Filters, *, public: bool = False) -> QuerySet[IdeaRollup]:
    """The same ideas as `ideas()`, as rollup rows to sum (`count`): a few thousand rows instead of every idea.

    Serves the counts only (no area, no support figures); its day is the local day, as `_dated` filters."""
    visible = [Idea.Visibility.PUBLISHED] if public else [Idea.Visibility.PUBLISHED, Idea.Visibility.PENDING]
    return _days(_idea_filters(IdeaRollup.objects.filter(visibility__in=visible), filters), filters)


def idea_sums(filters: Filters, by: tuple[str, ...], *, public: bool = False) -> list[dict]:
    """The counted ideas summed by `by` (of "week", "category_id", "stadtteil_id"): [{*by, "n"}], n > 0.

    Without a project or status filter, whole weeks come from IdeaWeekRollup (a few rows per week) and the
    days of weeks a date filter cuts from IdeaRollup; otherwise everything from IdeaRollup."""
    if filters.project_id or filters.status:
        return _summed([idea_counts(filters, public=public)], by)
    visible = [Idea.Visibility.PUBLISHED] if public else [Idea.Visibility.PUBLISHED, Idea.Visibility.PENDING]
    first, last, partial = _split_weeks(filters.date_from, filters.date_to)
    weeks = IdeaWeekRollup.objects.filter(visibility__in=visible)
    if filters.category_id:
        weeks = weeks.filter(category_id=filters.category_id)
    if first:
        weeks = weeks.filter(week__gte=first)
    if last:
        weeks = weeks.filter(week__lte=last)
    days = [idea_counts(replace(filters, date_from=start, date_to=end), public=public) for start, end in partial]
    return _summed([weeks, *days], by)


def _summed(querysets: list[QuerySet], by: tuple[str, ...]) -> list[dict]:
    totals: dict[tuple, int] = {}
    for qs in querysets:
        if "week" in by and qs.model is IdeaRollup:
            qs = qs.annotate(week=TruncWeek("day"))
        for row in qs.values(*by).annotate(n=Sum("count")).order_by():
            key = tuple(row[column] for column in by)
            totals[key] = totals.get(key, 0) + row["n"]
    return [{**dict(zip(by, key, strict=True)), "n": n} for key, n in totals.items() if n > 0]


def responses(filters: Filters, *, public: bool = False) -> QuerySet[Response]:
    qs = Response.objects.all()
    if filters.survey_id:
        qs = qs.filter(survey_id=filters.survey_id)
    elif filters.project_id:
        qs = qs.filter(survey__project_id=filters.project_id)
    if public:
        qs = qs.filter(survey__in=Survey.objects.results_released())
    return _dated(qs, filters)


def answer_shares(filters: Filters) -> QuerySet | None:
    """Per Stadtteil: answers to the chosen question and how many of them chose the chosen answer.

    Grouped like the surveys app groups results: map and "Ihr Stadtteil" questions by the answer's
    Stadtteil, all others by the respondent's.
    """
    if not filters.choice_id:
        return None
    question = get_object_or_404(Question, pk=filters.question_id)
    district = "stadtteil_id" if kind_of(question).answer_district else "response__stadtteil_id"
    chose = Exists(AnswerChoice.objects.filter(answer=OuterRef("pk"), choice_id=filters.choice_id))
    qs = Answer.objects.filter(question_id=filters.question_id)
    qs = _dated(qs, filters, field="response__created_at")
    return (
        qs.exclude(**{f"{district}__isnull": True})
        .values(district)
        .annotate(
            answered=Count("id"),
            chosen=Count("id", filter=Q(chose)),
            answered_key=Sum(record_key("surveys_answer.response_id")),
            chosen_key=Sum(record_key("surveys_answer.response_id"), filter=Q(chose)),
        )
        .values_list(district, "answered", "chosen", "answered_key", "chosen_key")
        .order_by()
    )


# The person behind a response: the account, else the browser's respondent token (one token per browser, for
# every survey), else the response itself. Someone who answered three surveys is one person in a cell.
# Within one survey a person has one response, and its id is the record the surveys app counts: the same
# people give the same published number on both apps' pages.
RESPONSE_SQL = "surveys_response.id"
PERSON_SQL = (
    "coalesce(surveys_response.user_id::bigint, hashtextextended('token:' || surveys_response.token, 0), "
    "-surveys_response.id)"
)


def people_per(qs: QuerySet[Response], column: str, *, one_survey: bool) -> tuple[str, list]:
    """SQL and parameters for (`column`, people, cell key) from responses: distinct people per value of
    `column`, not responses, so that the minimum group of the disclosure policy is a group of people."""
    person = RawSQL(RESPONSE_SQL if one_survey else PERSON_SQL, [], output_field=IntegerField())  # noqa: S611 (constant SQL)
    people = qs.values(column, person=person).distinct().order_by()
    sql, params = people.query.sql_with_params()
    key = record_key_sql("d.person")
    # Only our own SQL and a column name of ours are interpolated; values stay parameters.
    return f"SELECT d.{column}, count(*), sum({key}) FROM ({sql}) d GROUP BY d.{column}", list(params)  # noqa: S608


def responses_per_stadtteil(filters: Filters, *, public: bool = False) -> tuple[str, list]:
    if filters.survey_id and survey_rollups.usable():
        # In one survey a person is a response: the rollup's counts and keys per Stadtteil are the same numbers.
        rolled = ResponseRollup.objects.filter(survey_id=filters.survey_id, stadtteil_id__isnull=False)
        if public:
            rolled = rolled.filter(survey_id__in=Survey.objects.results_released().values("pk"))
        rolled = _days(rolled, filters)
        rolled = rolled.values("stadtteil_id").annotate(n=Sum("count"), key=Sum("key")).order_by()
        sql, params = rolled.values_list("stadtteil_id", "n", "key").query.sql_with_params()
        return sql, list(params)
    qs = responses(filters, public=public).exclude(stadtteil__isnull=True)
    return people_per(qs, "stadtteil_id", one_survey=bool(filters.survey_id))


def people_per_week(filters: Filters) -> list[tuple[date, int, int]]:
    """(week, people, cell key) for the filtered responses: distinct people per week (Monday, local time).

    From the rollups: one survey's responses per day summed per week (a person is a response there); across
    surveys (all, or a project's) the people per week kept on write. A date filter that cuts a week leaves
    that week's people to be counted from its responses (a few days, by the index on created_at)."""
    if not survey_rollups.usable():
        return _people_per_week_raw(responses(filters), one_survey=bool(filters.survey_id))
    if filters.survey_id:
        rolled = _days(ResponseRollup.objects.filter(survey_id=filters.survey_id), filters)
        rows = (
            rolled.annotate(week=TruncWeek("day"))
            .values("week")
            .annotate(n=Sum("count"), key=Sum("key"))
            .filter(n__gt=0)
            .values_list("week", "n", "key")
            .order_by()
        )
        return [(_as_date(week), n, key) for week, n, key in rows]
    first, last, partial = _split_weeks(filters.date_from, filters.date_to)
    full = RespondentWeekCount.objects.filter(scope=filters.project_id or 0)
    if first:
        full = full.filter(week__gte=first)
    if last:
        full = full.filter(week__lte=last)
    # A week's count is spread over slots (surveys.rollups.SLOTS): their sum.
    weeks = full.values("week").annotate(n=Sum("people"), k=Sum("key")).filter(n__gt=0).order_by()
    rows = [(week, int(n), int(k)) for week, n, k in weeks.values_list("week", "n", "k")]
    for start, end in partial:
        zone = ZoneInfo(settings.TIME_ZONE)
        qs = responses(replace(filters, date_from=None, date_to=None)).filter(
            created_at__gte=datetime.combine(start, time.min, zone),
            created_at__lt=datetime.combine(end + timedelta(days=1), time.min, zone),
        )
        rows += _people_per_week_raw(qs, one_survey=False)
    return rows


def _people_per_week_raw(qs: QuerySet[Response], *, one_survey: bool) -> list[tuple[date, int, int]]:
    weekly = qs.annotate(week=TruncWeek("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
    sql, params = people_per(weekly, "week", one_survey=one_survey)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(_as_date(week), n, key) for week, n, key in cursor.fetchall()]


def _split_weeks(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None, list]:
    """The first and last Monday of the weeks wholly inside [date_from, date_to], and the (start, end) days
    of the weeks the range cuts."""
    first = last = None
    partial = []
    if date_from:
        monday = date_from - timedelta(days=date_from.weekday())
        first = monday if date_from == monday else monday + timedelta(days=7)
        if date_from != monday:
            end = monday + timedelta(days=6)
            partial.append((date_from, min(end, date_to) if date_to else end))
    if date_to:
        monday = date_to - timedelta(days=date_to.weekday())
        last = monday if date_to.weekday() == 6 else monday - timedelta(days=7)
        start = max(monday, date_from) if date_from else monday
        if date_to.weekday() != 6 and not (partial and partial[0][0] >= monday):
            partial.append((start, date_to))
    return first, last, [(start, end) for start, end in partial if start <= end]


def _days(qs: QuerySet, filters: Filters) -> QuerySet:
    if filters.date_from:
        qs = qs.filter(day__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(day__lte=filters.date_to)
    return qs


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def record_key(column: str) -> RawSQL:
    """The disclosure policy's record key of a respondent (summed per district, it is the cell key)."""
    return RawSQL(record_key_sql(column), [], output_field=IntegerField())  # noqa: S611 (column names, no input)


def _dated(qs: QuerySet, filters: Filters, *, field: str = "created_at") -> QuerySet:
    if filters.date_from:
        qs = qs.filter(**{f"{field}__date__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{field}__date__lte": filters.date_to})
    return qs
