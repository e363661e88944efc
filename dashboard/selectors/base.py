"""The filtered contributions every aggregate starts from, as querysets (their SQL becomes a CTE)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from dashboard.filters import Filters
from geo.disclosure import record_key_sql
from proposals.models import Idea, IdeaRollup
from surveys.kinds import kind_of
from surveys.models import Answer, AnswerChoice, Question, Response, Survey


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
    qs = _idea_filters(IdeaRollup.objects.filter(visibility__in=visible), filters)
    if filters.date_from:
        qs = qs.filter(day__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(day__lte=filters.date_to)
    return qs


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
    qs = responses(filters, public=public).exclude(stadtteil__isnull=True)
    return people_per(qs, "stadtteil_id", one_survey=bool(filters.survey_id))


def record_key(column: str) -> RawSQL:
    """The disclosure policy's record key of a respondent (summed per district, it is the cell key)."""
    return RawSQL(record_key_sql(column), [], output_field=IntegerField())  # noqa: S611 (column names, no input)


def _dated(qs: QuerySet, filters: Filters, *, field: str = "created_at") -> QuerySet:
    if filters.date_from:
        qs = qs.filter(**{f"{field}__date__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{field}__date__lte": filters.date_to})
    return qs
