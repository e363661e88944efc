"""The survey rollups (kept by triggers) equal the raw counts after every kind of write.

The raw side is written here independently of surveys/rollups.py, with the disclosure policy's record key of
the current seed, so a wrong key sum, a person counted twice in a week or a response left behind fails."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.services import account_delete
from geo.disclosure import record_key_sql
from surveys import rollups
from surveys.models import (
    Answer,
    AnswerChoice,
    ChoiceRollup,
    Question,
    RespondentWeek,
    RespondentWeekCount,
    Response,
    ResponseRollup,
    Survey,
)
from surveys.personal import token_erase
from surveys.services import response_submit
from tests.factories import ChoiceFactory, ProjectFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = "(r.created_at AT TIME ZONE 'Europe/Berlin')::date"
WEEK = "date_trunc('week', r.created_at AT TIME ZONE 'Europe/Berlin')::date"
PERSON = "coalesce(r.user_id::bigint, hashtextextended('token:' || r.token, 0), -r.id)"


def fetch(sql: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def raw() -> dict[str, set]:
    key = record_key_sql("r.id")
    people = f"""
        SELECT {WEEK} AS week, 0::bigint AS scope, {PERSON} AS person, r.id FROM surveys_response r
        UNION ALL
        SELECT {WEEK}, s.project_id, {PERSON}, r.id FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id
        WHERE s.project_id IS NOT NULL"""  # noqa: S608
    return {
        "responses": fetch(
            f"SELECT r.survey_id, {DAY}, r.stadtteil_id, r.verified, count(*), sum({key}) "  # noqa: S608
            "FROM surveys_response r GROUP BY 1, 2, 3, 4"
        ),
        "choices": fetch(
            f"""SELECT a.question_id, ac.choice_id, {DAY}, r.stadtteil_id, r.verified, r.survey_id, count(*),
                       sum({key}), coalesce(sum(ac.rank), 0), count(ac.rank)
                FROM surveys_answerchoice ac JOIN surveys_answer a ON a.id = ac.answer_id
                JOIN surveys_response r ON r.id = a.response_id GROUP BY 1, 2, 3, 4, 5, 6"""  # noqa: S608
        ),
        "people": fetch(f"SELECT week, scope, person, count(*) FROM ({people}) p GROUP BY 1, 2, 3"),  # noqa: S608
        "weeks": fetch(
            f"""SELECT week, scope, count(DISTINCT person), sum(person_key) FROM (
                    SELECT DISTINCT week, scope, person, {record_key_sql("person")} AS person_key FROM ({people}) p
                ) d GROUP BY 1, 2"""  # noqa: S608
        ),
    }


def rolled() -> dict[str, set]:
    """The rollups per key: the sums over their slots (surveys.rollups.SLOTS)."""
    return {
        "responses": fetch(
            "SELECT survey_id, day, stadtteil_id, verified, sum(count)::int, sum(key)::bigint "
            "FROM surveys_responserollup GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0"
        ),
        "choices": fetch(
            "SELECT question_id, choice_id, day, stadtteil_id, verified, survey_id, sum(count)::int, "
            "sum(key)::bigint, sum(rank_sum)::bigint, sum(ranked)::int "
            "FROM surveys_choicerollup GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(count) <> 0"
        ),
        "people": set(RespondentWeek.objects.values_list("week", "scope", "person", "responses")),
        "weeks": fetch(
            "SELECT week, scope, sum(people)::int, sum(key)::bigint FROM surveys_respondentweekcount "
            "GROUP BY 1, 2 HAVING sum(people) <> 0"
        ),
    }


def assert_equal() -> None:
    assert rolled() == raw()


@pytest.fixture
def surveys(full_survey):
    project = ProjectFactory()
    full_survey.project = project
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    poll = SurveyFactory(access=Survey.Access.ANONYMOUS, project=project)
    question = QuestionFactory(survey=poll, order=1, kind=Question.Kind.SINGLE, text="Mehr Bänke?")
    poll.choices = [ChoiceFactory(question=question, text="ja"), ChoiceFactory(question=question, text="nein")]
    poll.question = question
    return full_survey, poll


def ranked_answers(full_survey, minimal_answers, stadtteil) -> dict:
    q = full_survey.q
    ranking = [c.pk for c in q["ranking"].choices.order_by("order")]
    return {
        **minimal_answers,
        str(q["ranking"].pk): ranking[::-1],
        str(q["stadtteil"].pk): stadtteil.pk,
    }


def test_rollups_equal_raw_counts_after_every_kind_of_write(surveys, minimal_answers, stadtteile):
    full, poll = surveys
    full.district_sources = [Survey.DistrictSource.QUESTION]
    full.save()
    poll_answer = {str(poll.question.pk): poll.choices[0].pk}

    # Create: anonymous and registered, with ranks, in two surveys of one project.
    users = [UserFactory(), UserFactory()]
    for n, user in enumerate(users):
        response_submit(survey=full, user=user, answers=ranked_answers(full, minimal_answers, stadtteile[n + 1]))
    response_submit(survey=full, user=None, token="browser-a", answers=minimal_answers)
    response_submit(survey=poll, user=None, token="browser-a", answers=poll_answer)  # the same person
    response_submit(survey=poll, user=users[0], answers=poll_answer)
    assert_equal()
    counts = {scope: people for _week, scope, people, _key in rolled()["weeks"]}
    assert counts == {0: 3, full.project_id: 3}  # five responses, three people
    assert sum(row[-2] for row in rolled()["responses"]) == 5
    assert any(row[-1] for row in rolled()["choices"])  # ranks counted

    # Edit: a registered respondent answers again (answers replaced, Stadtteil moves).
    response_submit(survey=full, user=users[0], answers=ranked_answers(full, minimal_answers, stadtteile[7]))
    assert_equal()

    # Admin-style edits of the counted columns: another day (another week), not verified, another Stadtteil.
    response = Response.objects.get(survey=full, user=users[1])
    response.created_at -= datetime.timedelta(days=9)
    response.verified = False
    response.stadtteil = stadtteile[12]
    response.save()
    assert_equal()
    AnswerChoice.objects.filter(answer__response=response, answer__question=full.q["single"]).update(choice=full.nein)
    assert_equal()

    # Delete a response (admin), a browser's erasure, an account's erasure.
    Response.objects.get(survey=poll, user=users[0]).delete()
    assert_equal()
    assert token_erase("browser-a") == 2
    assert_equal()
    account_delete(user=users[1])
    assert_equal()

    # A survey moves to another project, then its project is deleted (its surveys lose the project).
    response_submit(survey=poll, user=None, token="browser-b", answers=poll_answer)
    poll.project = ProjectFactory()
    poll.save()
    assert_equal()
    poll.project.delete()
    assert_equal()
    full.project.delete()
    assert_equal()

    # A survey deleted with its responses; bulk writes of rows go through the triggers too.
    Answer.objects.filter(question=full.q["multiple"]).delete()
    assert_equal()
    full.delete()
    assert_equal()
    responses = Response.objects.bulk_create(
        Response(survey=poll, token=f"bulk-{n}", created_at=timezone.now() - datetime.timedelta(days=n))
        for n in range(20)
    )
    answers = Answer.objects.bulk_create(Answer(response=r, question=poll.question) for r in responses)
    AnswerChoice.objects.bulk_create(AnswerChoice(answer=a, choice=poll.choices[1]) for a in answers)
    assert_equal()
    assert sum(row[-2] for row in rolled()["responses"]) == 21


def test_rebuild_recounts_and_tells_readers_of_another_seed(surveys, minimal_answers, settings):
    full, _poll = surveys
    for n in range(3):
        response_submit(survey=full, user=None, token=f"browser-{n}", answers=minimal_answers)
    ResponseRollup.objects.update(count=99, key=1)
    RespondentWeek.objects.all().delete()
    ChoiceRollup.objects.update(count=7)
    assert rolled() != raw()
    call_command("rollups_rebuild", stdout=io.StringIO())
    assert_equal()
    assert rollups.usable()

    # Another seed: the stored keys no longer hold until the rollups are rebuilt under it.
    settings.DISCLOSURE_SEED = "another-city-seed"
    assert not rollups.usable()
    call_command("rollups_rebuild", stdout=io.StringIO())
    assert rollups.usable()
    assert_equal()


def test_concurrent_responses_count_in_slots_that_sum_to_the_raw_counts(surveys, minimal_answers):
    # Responses in flight together have consecutive ids, so they add to different rows of the shared counters
    # and do not wait for each other's COMMIT (docs/performance.md, "Load test").
    full, _poll = surveys
    responses = [
        response_submit(survey=full, user=None, token=f"browser-{n}", answers=minimal_answers) for n in range(3)
    ]
    slots = sorted(r.pk % rollups.SLOTS for r in responses)
    assert len(set(slots)) == 3
    for scope in (0, full.project_id):
        rows = RespondentWeekCount.objects.filter(scope=scope).values_list("slot", "people")
        assert sorted(rows) == [(slot, 1) for slot in slots]
    assert sorted(ResponseRollup.objects.values_list("slot", "count")) == [(slot, 1) for slot in slots]
    assert {slot for (slot,) in ChoiceRollup.objects.values_list("slot")} == set(slots)
    assert_equal()

    # A rebuild gives the same sums, gathered in slot 0.
    summed = rolled()
    call_command("rollups_rebuild", stdout=io.StringIO())
    assert rolled() == summed
    assert list(RespondentWeekCount.objects.filter(scope=0).values_list("slot", "people")) == [(0, 3)]
    assert set(ResponseRollup.objects.values_list("slot", flat=True)) == {0}

    # A response removed after it: its slot goes below zero, the sums stay exact; so does a new one.
    gone = next(r for r in responses if r.pk % rollups.SLOTS)
    slot = gone.pk % rollups.SLOTS
    gone.delete()
    assert_equal()
    assert RespondentWeekCount.objects.get(scope=0, slot=slot).people == -1
    response_submit(survey=full, user=None, token="browser-late", answers=minimal_answers)
    assert_equal()
    assert rolled()["weeks"] == {(week, scope, 3, key) for week, scope, _n, key in rolled()["weeks"]}


@pytest.mark.parametrize("variant", [{"exact": True}, {"exact": False}, {"exact": True, "verified_only": True}])
def test_choice_results_from_the_rollup_equal_the_raw_results(
    surveys, minimal_answers, stadtteile, monkeypatch, variant
):
    from surveys.results import survey_results

    full, _poll = surveys
    full.district_sources = [Survey.DistrictSource.QUESTION]
    full.save()
    for n in range(14):
        answers = ranked_answers(full, minimal_answers, stadtteile[1 + n % 3])
        if n % 4 == 0:
            answers[str(full.q["single"].pk)] = full.nein.pk
            answers[str(full.q["point"].pk)] = {"type": "Point", "coordinates": [7.77, 49.44]}
        user = UserFactory() if n % 2 else None
        response_submit(survey=full, user=user, token=None if user else f"browser-{n}", answers=answers)
    rolled = survey_results(full, **variant)
    monkeypatch.setattr(rollups, "usable", lambda: False)
    assert survey_results(full, **variant) == rolled
    assert any(q.get("choices") for q in rolled)


def test_a_generated_survey_is_counted_in_one_pass_and_taken_out_in_one(surveys, minimal_answers, stadtteile):
    """The demo generator writes with the triggers off and counts the survey into the rollups set-based
    (surveys.rollups.survey_rollups_add); replacing it takes it out the same way. One generated person also
    answered another survey of the project in the same week: they enter the week once and stay after."""
    from django.db import transaction

    from surveys.demo.generate import Spec, demo_question, demo_survey, generate_responses

    full, poll = surveys
    now = timezone.now()
    fields = {"title": "Generiert", "opens_at": now - datetime.timedelta(seconds=1), "closes_at": now,
              "project": full.project}  # fmt: skip
    with transaction.atomic():
        generated = demo_survey("generiert", **fields)
        where = demo_question(generated, 1, Question.Kind.POINT, "Wo?")
        single = demo_question(generated, 2, Question.Kind.SINGLE, "Ja?", ["ja", "nein"])
        multiple = demo_question(generated, 3, Question.Kind.MULTIPLE, "Was?", ["a", "b", "c"])
        scale = demo_question(generated, 4, Question.Kind.SCALE, "Wie?")
        response_submit(survey=poll, user=None, token=f"demo-{generated.pk}-1",
                        answers={str(poll.question.pk): poll.choices[0].pk})  # fmt: skip
        specs = [Spec(single, weights=[2, 1]), Spec(multiple, rates=[0.5, 0.4, 0.3]), Spec(scale, weights=[1, 2, 3])]
        made = generate_responses(generated, total=300, where=where, specs=specs)
    assert made > 250
    assert_equal()
    counts = {scope: people for _week, scope, people, _key in rolled()["weeks"]}
    assert counts[0] == made  # the poll's person is one of them: counted once
    with transaction.atomic():
        demo_survey("generiert", **fields)  # a re-run replaces it
    assert_equal()
    assert not Response.objects.filter(survey__slug="generiert").exists()
    assert {scope: people for _week, scope, people, _key in rolled()["weeks"]}[0] == 1
