import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geo.spatial import OUTSIDE_CITY_MESSAGE
from surveys.models import Answer, Response, Survey
from surveys.services import response_submit
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, UserFactory
from tests.surveys.conftest import point_in
from tests.threads import at_once, raised

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, str]:
    return {key: messages[0] for key, messages in excinfo.value.message_dict.items()}


def test_every_question_kind_is_stored_typed(full_survey, minimal_answers, stadtteile):
    q = full_survey.q
    rank = list(q["ranking"].choices.values_list("pk", flat=True))
    answers = {
        **minimal_answers,
        str(q["single"].pk): full_survey.nein.pk,
        str(q["multiple"].pk): {
            "choices": list(q["multiple"].choices.values_list("pk", flat=True)[:2]),
            "other": "Roller",
        },
        str(q["text"].pk): "  Mehr Licht am Bahnhof  ",
        str(q["number"].pk): "42,5",
        str(q["ranking"].pk): [rank[2], rank[0]],
        str(q["point"].pk): point_in(stadtteile[1]),
        str(q["multipoint"].pk): {
            "type": "MultiPoint",
            "coordinates": [list(stadtteile[2].label_point.coords), list(stadtteile[3].label_point.coords)],
        },
        str(q["line"].pk): {
            "type": "LineString",
            "coordinates": [list(stadtteile[1].label_point.coords), list(stadtteile[2].label_point.coords)],
        },
        str(q["area"].pk): {
            "type": "Polygon",
            "coordinates": [[[7.76, 49.44], [7.77, 49.44], [7.77, 49.445], [7.76, 49.44]]],
        },
        str(q["stadtteil"].pk): 5,
    }
    response = response_submit(survey=full_survey, user=UserFactory(), answers=answers)

    stored = {a.question_id: a for a in response.answers.prefetch_related("selected")}
    assert [s.choice_id for s in stored[q["single"].pk].selected.all()] == [full_survey.nein.pk]
    assert stored[q["multiple"].pk].text == "Roller"
    assert stored[q["multiple"].pk].selected.count() == 2
    assert stored[q["text"].pk].text == "Mehr Licht am Bahnhof"
    assert stored[q["scale"].pk].number == 3
    assert stored[q["number"].pk].number == 42.5
    assert sorted((s.rank, s.choice_id) for s in stored[q["ranking"].pk].selected.all()) == [(1, rank[2]), (2, rank[0])]
    assert stored[q["point"].pk].geom.geom_type == "Point"
    assert stored[q["point"].pk].stadtteil == stadtteile[1]
    assert stored[q["multipoint"].pk].geom.num_geom == 2
    assert stored[q["line"].pk].geom.geom_type == "LineString"
    assert stored[q["area"].pk].geom.geom_type == "Polygon"
    assert stored[q["stadtteil"].pk].stadtteil == stadtteile[5]
    # The default order of sources: the map answer wins over the "Ihr Stadtteil" question.
    assert response.stadtteil == stadtteile[1]
    assert response.verified is True


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("point", {"type": "Point", "coordinates": [7.60, 49.44]}, str(OUTSIDE_CITY_MESSAGE)),
        ("point", {"type": "Point", "coordinates": [8.47, 49.49]}, str(OUTSIDE_CITY_MESSAGE)),
        ("point", {"type": "LineString", "coordinates": [[7.76, 49.44], [7.77, 49.44]]}, "Bitte markieren Sie"),
        ("point", "kein GeoJSON", "Bitte markieren Sie"),
        (
            "area",
            {
                "type": "Polygon",
                "coordinates": [[[7.76, 49.44], [7.77, 49.45], [7.77, 49.44], [7.76, 49.45], [7.76, 49.44]]],
            },
            "überschneidet sich selbst",
        ),
        ("line", {"type": "LineString", "coordinates": [[7.76, 49.44], [7.60, 49.44]]}, str(OUTSIDE_CITY_MESSAGE)),
        ("number", 121, "Bitte geben Sie eine Zahl von 0 bis 120 ein."),
        ("number", -1, "Bitte geben Sie eine Zahl von 0 bis 120 ein."),
        ("number", "viele", "Bitte geben Sie eine Zahl ein."),
        ("scale", 6, "Bitte wählen Sie einen Wert von 1 bis 5."),
        ("scale", 2.5, "Bitte wählen Sie einen Wert von 1 bis 5."),
        ("stadtteil", 19, "Bitte wählen Sie einen Stadtteil aus der Liste."),
        ("text", "x" * 5001, "Bitte fassen Sie sich kürzer"),
    ],
)
def test_invalid_answers_are_refused_at_their_question(full_survey, minimal_answers, stadtteile, kind, value, message):
    q = full_survey.q
    answers = {**minimal_answers, str(q["single"].pk): full_survey.nein.pk, str(q["point"].pk): point_in(stadtteile[1])}
    answers[str(q[kind].pk)] = value
    with pytest.raises(ValidationError) as excinfo:
        response_submit(survey=full_survey, user=UserFactory(), answers=answers)
    errors = errors_of(excinfo)
    assert list(errors) == [q[kind].field_name]
    assert message in errors[q[kind].field_name]
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_a_choice_of_another_question_is_refused(full_survey, minimal_answers):
    q = full_survey.q
    foreign = q["ranking"].choices.first().pk
    for key, value in [
        (q["single"], foreign),
        (q["multiple"], {"choices": [foreign], "other": ""}),
        (q["ranking"], [q["multiple"].choices.first().pk]),
    ]:
        with pytest.raises(ValidationError) as excinfo:
            response_submit(survey=full_survey, user=UserFactory(), answers={**minimal_answers, str(key.pk): value})
        assert errors_of(excinfo) == {key.field_name: "Diese Antwort gehört nicht zu dieser Frage."}


def test_missing_required_answers_are_named(full_survey):
    with pytest.raises(ValidationError) as excinfo:
        response_submit(survey=full_survey, user=UserFactory(), answers={})
    q = full_survey.q
    assert errors_of(excinfo) == {
        q[name].field_name: "Bitte beantworten Sie diese Frage." for name in ("single", "multiple", "scale")
    }


def test_a_conditional_question_is_required_only_when_shown(full_survey, minimal_answers):
    q = full_survey.q
    response_submit(survey=full_survey, user=UserFactory(), answers=minimal_answers)  # "ja": no map question
    with pytest.raises(ValidationError) as excinfo:
        response_submit(
            survey=full_survey,
            user=UserFactory(),
            answers={**minimal_answers, str(q["single"].pk): full_survey.nein.pk},
        )
    assert errors_of(excinfo) == {q["point"].field_name: "Bitte beantworten Sie diese Frage."}


def test_an_answer_to_a_hidden_question_is_dropped(full_survey, minimal_answers, stadtteile):
    q = full_survey.q
    response = response_submit(
        survey=full_survey, user=UserFactory(), answers={**minimal_answers, str(q["point"].pk): point_in(stadtteile[3])}
    )
    assert not response.answers.filter(question=q["point"]).exists()


def test_other_text_only_where_allowed(full_survey, minimal_answers):
    q = full_survey.q
    with pytest.raises(ValidationError) as excinfo:
        response_submit(
            survey=full_survey,
            user=UserFactory(),
            answers={**minimal_answers, str(q["ranking"].pk): {"choices": [], "other": "x"}},
        )
    assert "keine eigene Antwort" in errors_of(excinfo)[q["ranking"].field_name]


def test_registered_response_is_edited_not_duplicated(full_survey, minimal_answers):
    user = UserFactory()
    first = response_submit(survey=full_survey, user=user, answers=minimal_answers)
    q = full_survey.q
    second = response_submit(survey=full_survey, user=user, answers={**minimal_answers, str(q["scale"].pk): 5})
    assert first.pk == second.pk
    assert Response.objects.count() == 1
    assert Answer.objects.get(question=q["scale"]).number == 5


def test_closed_or_not_yet_open_surveys_refuse_answers(full_survey, minimal_answers):
    for at in (full_survey.opens_at - timezone.timedelta(seconds=1), full_survey.closes_at):
        with pytest.raises(ValidationError) as excinfo:
            response_submit(survey=full_survey, user=UserFactory(), answers=minimal_answers, at=at)
        assert errors_of(excinfo) == {"survey": "Diese Umfrage ist derzeit nicht geöffnet."}
    response_submit(survey=full_survey, user=UserFactory(), answers=minimal_answers, at=full_survey.opens_at)


def test_registered_only_refuses_anonymous(full_survey, minimal_answers):
    with pytest.raises(ValidationError) as excinfo:
        response_submit(survey=full_survey, token="abc", answers=minimal_answers)
    assert "melden Sie sich an" in errors_of(excinfo)["survey"]


def test_anonymous_responses_are_one_per_token_and_unverified(full_survey, minimal_answers):
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    response = response_submit(survey=full_survey, token="browser-1", answers=minimal_answers)
    assert response.verified is False
    with pytest.raises(ValidationError) as excinfo:
        response_submit(survey=full_survey, token="browser-1", answers=minimal_answers)
    assert "bereits teilgenommen" in errors_of(excinfo)["survey"]
    response_submit(survey=full_survey, token="browser-2", answers=minimal_answers)
    assert Response.objects.filter(verified=False).count() == 2


def test_an_anonymous_response_is_written_without_a_savepoint(full_survey, minimal_answers):
    # Its refusal (another response from this browser) rolls the whole transaction back, so the savepoint
    # a registered respondent's re-submission needs would only be two more round trips (docs/performance.md,
    # "Load test"); the refusal is the same.
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    with CaptureQueriesContext(connection) as queries:
        response_submit(survey=full_survey, token="browser-1", answers=minimal_answers)
    savepoints = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 1  # the service's transaction itself, a savepoint inside the test's transaction
    with pytest.raises(ValidationError) as excinfo:
        response_submit(survey=full_survey, token="browser-1", answers=minimal_answers)
    assert "bereits teilgenommen" in errors_of(excinfo)["survey"]
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("sources", "expected"),
    [(["map", "profile", "question"], 1), (["profile", "map"], 7), (["question", "map"], 5), ([], None)],
)
def test_respondent_stadtteil_follows_the_survey_order(full_survey, minimal_answers, stadtteile, sources, expected):
    full_survey.district_sources = sources
    full_survey.save()
    q = full_survey.q
    answers = {
        **minimal_answers,
        str(q["single"].pk): full_survey.nein.pk,
        str(q["point"].pk): point_in(stadtteile[1]),
        str(q["stadtteil"].pk): 5,
    }
    response = response_submit(survey=full_survey, user=UserFactory(home_stadtteil=stadtteile[7]), answers=answers)
    assert (response.stadtteil.number if response.stadtteil else None) == expected


def test_profile_stadtteil_when_there_is_no_map_answer(full_survey, minimal_answers, stadtteile):
    response = response_submit(
        survey=full_survey, user=UserFactory(home_stadtteil=stadtteile[12]), answers=minimal_answers
    )
    assert response.stadtteil == stadtteile[12]


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submission_makes_one_response(reference_data):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, text="Ja oder nein?")
    choice = ChoiceFactory(question=question, text="ja")
    user = UserFactory()

    def submit():
        response_submit(survey=survey, user=user, answers={str(question.pk): choice.pk})

    assert raised(at_once(submit, [()] * 4)) == []
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(question=question).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_anonymous_submissions_from_one_browser_make_one_response(reference_data):
    survey = SurveyFactory(access=Survey.Access.ANONYMOUS)
    question = QuestionFactory(survey=survey, text="Ja oder nein?")
    choice = ChoiceFactory(question=question, text="ja")

    def submit():
        return response_submit(survey=survey, token="same-browser", answers={str(question.pk): choice.pk})

    outcomes = at_once(submit, [()] * 4)
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Response"] + ["ValidationError"] * 3
    assert Response.objects.filter(survey=survey).count() == 1
