import pytest
from django.db.models import F
from django.utils import timezone

from accounts.roles import Role
from surveys.models import Choice, Question, ResponseRollup, Survey
from surveys.services import response_submit
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [(None, False), ("citizen", False), (Role.MODERATOR, False), (Role.PLANNER, True), (Role.ADMIN, True)]


def login(client, role):
    if role == "citizen":
        client.force_login(UserFactory())
    elif role is not None:
        client.force_login(UserFactory(roles=[role]))


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def survey_data(**overrides) -> dict:
    now = timezone.now()
    data = {
        "title": "Sicher im Quartier",
        "slug": "sicher-im-quartier",
        "introduction": "Wo fühlen Sie sich unsicher?",
        "opens_at": local(now),
        "closes_at": local(now + timezone.timedelta(days=30)),
        "project": "",
        "access": "anonymous",
        "results_public": "on",
        "district_sources": "map,profile",
    }
    return {**data, **overrides}


def question_data(**overrides) -> dict:
    data = {
        "kind": "single",
        "text": "Fühlen Sie sich sicher?",
        "help_text": "",
        "required": "on",
        "choices_text": "",
        "scale_min": "1",
        "scale_max": "5",
        "scale_min_label": "",
        "scale_max_label": "",
        "number_min": "",
        "number_max": "",
        "show_if_choice": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_planners_and_admins_open_the_staff_pages(client, role, allowed):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, order=1)
    login(client, role)
    urls = [
        "/umfragen/verwalten/",
        "/umfragen/verwalten/neu/",
        f"/umfragen/verwalten/{survey.slug}/",
        f"/umfragen/verwalten/{survey.slug}/fragen/neu/",
        f"/umfragen/verwalten/{survey.slug}/fragen/{question.pk}/",
        f"/umfragen/verwalten/{survey.slug}/fragen/{question.pk}/loeschen/",
    ]
    for url in urls:
        assert client.get(url).status_code == (200 if allowed else 403), url
    response = client.post(f"/umfragen/verwalten/{survey.slug}/fragen/{question.pk}/loeschen/")
    assert response.status_code == (302 if allowed else 403)
    assert Question.objects.filter(pk=question.pk).exists() is not allowed
    assert client.post("/umfragen/verwalten/neu/", survey_data()).status_code == (302 if allowed else 403)
    assert Survey.objects.filter(slug="sicher-im-quartier").exists() is allowed


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_the_public_list_links_to_the_staff_pages_for_builders_only(client, role, allowed):
    login(client, role)
    assert ("Umfragen verwalten" in client.get("/umfragen/").content.decode()) is allowed


def test_build_a_survey_with_a_choice_and_a_map_question(client):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    response = client.post("/umfragen/verwalten/neu/", survey_data())
    assert response.status_code == 302
    survey = Survey.objects.get(slug="sicher-im-quartier")
    assert survey.access == Survey.Access.ANONYMOUS
    assert survey.district_sources == ["map", "profile"]

    base = f"/umfragen/verwalten/{survey.slug}/fragen/neu/"
    response = client.post(base, question_data(choices_text="ja\n\n nein \n"))
    assert response.status_code == 302, response.content.decode()
    single = survey.questions.get()
    assert (single.order, single.kind) == (1, Question.Kind.SINGLE)
    assert list(single.choices.values_list("text", "order")) == [("ja", 1), ("nein", 2)]

    nein = single.choices.get(text="nein")
    response = client.post(
        base, question_data(kind="point", text="Wo fühlen Sie sich unsicher?", show_if_choice=str(nein.pk))
    )
    assert response.status_code == 302, response.content.decode()
    point = survey.questions.get(order=2)
    assert point.kind == Question.Kind.POINT
    assert point.show_if_choice == nein
    assert not point.choices.exists()

    page = client.get(f"/umfragen/verwalten/{survey.slug}/").content.decode()
    assert "Wo fühlen Sie sich unsicher?" in page
    assert "nur wenn „nein“ gewählt" in page
    assert client.get(survey.get_absolute_url()).status_code == 200


def test_reorder_questions_and_refuse_moving_a_condition_before_its_question(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    survey = SurveyFactory()
    first = QuestionFactory(survey=survey, order=1)
    ja = ChoiceFactory(question=first, text="ja")
    second = QuestionFactory(survey=survey, order=2, kind=Question.Kind.TEXT, show_if_choice=ja)
    third = QuestionFactory(survey=survey, order=3, kind=Question.Kind.NUMBER)
    move = "/umfragen/verwalten/{}/fragen/{}/verschieben/"

    client.post(move.format(survey.slug, third.pk), {"direction": "up"})
    assert list(survey.questions.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]

    client.post(move.format(survey.slug, first.pk), {"direction": "down"})
    assert list(survey.questions.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]

    response = client.post(move.format(survey.slug, first.pk), {"direction": "down"}, follow=True)
    assert "muss nach deren Frage kommen" in response.content.decode()
    assert list(survey.questions.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closes_at": local(timezone.now() - timezone.timedelta(days=1))}, "closes_at", "Das Ende muss nach"),
        ({"slug": "verwalten"}, "slug", "Diese Adresse ist reserviert"),
        ({"title": ""}, "title", "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_survey_errors_are_shown_at_the_field(client, overrides, field, message):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    response = client.post("/umfragen/verwalten/neu/", survey_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"choices_text": "nur eine"}, "choices_text", "Bitte geben Sie mindestens zwei"),
        ({"choices_text": "ja\nja"}, "choices_text", "Jede Antwortmöglichkeit darf nur einmal"),
        ({"kind": "scale", "scale_min": "5", "scale_max": "1"}, "scale_max", "Das Ende der Skala"),
        ({"kind": "number", "number_min": "10", "number_max": "1"}, "number_max", "Die größte Zahl"),
    ],
)
def test_question_errors_are_shown_at_the_field(client, overrides, field, message):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    survey = SurveyFactory()
    response = client.post(f"/umfragen/verwalten/{survey.slug}/fragen/neu/", question_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not survey.questions.exists()


def test_a_condition_can_only_name_an_earlier_question(client):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    survey = SurveyFactory()
    first = QuestionFactory(survey=survey, order=1)
    later = QuestionFactory(survey=survey, order=2)
    later_choice = ChoiceFactory(question=later, text="später")
    other = ChoiceFactory(question=QuestionFactory(order=1), text="fremd")
    url = f"/umfragen/verwalten/{survey.slug}/fragen/{first.pk}/"
    for choice in (later_choice, other):
        response = client.post(url, question_data(kind="text", show_if_choice=str(choice.pk)))
        assert "show_if_choice" in response.context["form"].errors
    first.refresh_from_db()
    assert first.show_if_choice is None


def test_a_poll_has_one_question(client):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    survey = SurveyFactory(is_poll=True)
    QuestionFactory(survey=survey, order=1)
    response = client.post(f"/umfragen/verwalten/{survey.slug}/fragen/neu/", question_data(choices_text="a\nb"))
    assert response.context["form"].errors["kind"] == ["Eine Abstimmung hat genau eine Frage."]


@pytest.fixture
def answered(db):
    survey = SurveyFactory(access=Survey.Access.ANONYMOUS)
    question = QuestionFactory(survey=survey, order=1, kind=Question.Kind.SINGLE, text="Sicher?")
    ja = ChoiceFactory(question=question, order=1, text="ja")
    ChoiceFactory(question=question, order=2, text="nein")
    response_submit(survey=survey, answers={str(question.pk): ja.pk}, token="t1")
    survey.question = question
    return survey


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "multiple", "choices_text": "ja\nnein"}, "kind", "Für diese Umfrage liegen bereits Antworten vor"),
        ({"choices_text": "ja"}, "choices_text", "Für diese Umfrage liegen bereits Antworten vor"),
        ({"choices_text": "ja\nnein, nie"}, "choices_text", "Für diese Umfrage liegen bereits Antworten vor"),
    ],
)
def test_edits_that_would_corrupt_answers_are_refused(client, answered, overrides, field, message):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    url = f"/umfragen/verwalten/{answered.slug}/fragen/{answered.question.pk}/"
    response = client.post(url, question_data(text="Sicher?", **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    answered.question.refresh_from_db()
    assert answered.question.kind == Question.Kind.SINGLE
    assert list(answered.question.choices.values_list("text", flat=True)) == ["ja", "nein"]


def test_answered_surveys_still_take_new_choices_and_wording(client, answered):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    url = f"/umfragen/verwalten/{answered.slug}/fragen/{answered.question.pk}/"
    response = client.post(url, question_data(text="Fühlen Sie sich sicher?", choices_text="nein\nja\nweiß nicht"))
    assert response.status_code == 302
    assert list(answered.question.choices.values_list("text", flat=True)) == ["nein", "ja", "weiß nicht"]
    assert Choice.objects.filter(question=answered.question, text="ja").get().pk is not None


def test_answered_questions_are_not_deleted(client, answered):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    url = f"/umfragen/verwalten/{answered.slug}/fragen/{answered.question.pk}/loeschen/"
    response = client.post(url)
    assert response.status_code == 409
    assert "Fragen können nicht mehr gelöscht werden" in response.content.decode()
    assert Question.objects.filter(pk=answered.question.pk).exists()


def test_staff_list_links_to_editing_results_and_exports(client, answered, django_assert_max_num_queries):
    SurveyFactory.create_batch(3)
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    with django_assert_max_num_queries(8):
        page = client.get("/umfragen/verwalten/").content.decode()
    for path in ("/umfragen/verwalten/{}/", "/umfragen/{}/ergebnisse/", "/umfragen/{}/export/teilnahmen.csv"):
        assert path.format(answered.slug) in page
    assert "1 Teilnahme" in page


def test_staff_list_counts_responses_from_the_rollup_and_pages(client, answered):
    """The counts are the rollup's (a changed rollup row shows), not a count of every response per request."""
    ResponseRollup.objects.filter(survey_id=answered.pk).update(count=F("count") + 41)
    SurveyFactory.create_batch(51, opens_at=answered.opens_at - timezone.timedelta(days=1))
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    page = client.get("/umfragen/verwalten/").content.decode()
    assert "42 Teilnahmen" in page
    assert page.count('class="survey-card"') == 50
    assert 'rel="next"' in page
    later = client.get("/umfragen/verwalten/?seite=2").content.decode()
    assert later.count('class="survey-card"') == 2


def admin_question_data(question, **overrides) -> dict:
    choices = list(question.choices.all())
    data = question_data(
        survey=str(question.survey_id),
        order=str(question.order),
        kind=question.kind,
        text=question.text,
        **{"choices-TOTAL_FORMS": str(len(choices)), "choices-INITIAL_FORMS": str(len(choices))},
    )
    del data["choices_text"]  # the admin edits choices as inline rows
    for i, choice in enumerate(choices):
        data |= {f"choices-{i}-id": str(choice.pk), f"choices-{i}-question": str(question.pk)}
        data |= {f"choices-{i}-order": str(choice.order), f"choices-{i}-text": choice.text}
    return {**data, **overrides}


@pytest.mark.parametrize(
    "overrides", [{"kind": "multiple"}, {"choices-1-DELETE": "on"}, {"choices-1-text": "nein, nie"}]
)
def test_the_admin_refuses_the_same_corrupting_edits(client, answered, overrides):
    client.force_login(UserFactory(roles=[Role.PLANNER], is_staff=True))
    url = f"/admin/surveys/question/{answered.question.pk}/change/"
    response = client.post(url, admin_question_data(answered.question, **overrides))
    assert response.status_code == 200
    assert "Für diese Umfrage liegen bereits Antworten vor" in response.content.decode()
    assert list(answered.question.choices.values_list("text", flat=True)) == ["ja", "nein"]
    assert client.get(f"/admin/surveys/question/{answered.question.pk}/delete/").status_code == 403


def test_the_admin_still_edits_unanswered_questions(client, answered):
    client.force_login(UserFactory(roles=[Role.PLANNER], is_staff=True))
    answered.responses.all().delete()
    url = f"/admin/surveys/question/{answered.question.pk}/change/"
    response = client.post(url, admin_question_data(answered.question, kind="multiple", **{"choices-1-DELETE": "on"}))
    assert response.status_code == 302
    assert list(answered.question.choices.values_list("text", flat=True)) == ["ja"]


def test_a_too_long_choice_is_refused_at_the_choices(client):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    survey = SurveyFactory()
    response = client.post(
        f"/umfragen/verwalten/{survey.slug}/fragen/neu/", question_data(choices_text="ja\n" + "n" * 201)
    )
    assert "choices_text" in response.context["form"].errors
    assert not survey.questions.exists()
