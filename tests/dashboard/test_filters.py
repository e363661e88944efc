"""The question and answer filters follow the chosen survey: limited lists, German errors, the JSON for the script."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from dashboard.filters import FilterForm
from surveys.models import Question
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, UserFactory


@pytest.fixture
def other_survey(db):
    survey = SurveyFactory(title="Andere Umfrage")
    question = QuestionFactory(survey=survey, order=1, kind=Question.Kind.SINGLE, text="Andere Frage?")
    return {"survey": survey, "question": question, "choice": ChoiceFactory(question=question, text="vielleicht")}


def _values(form: FilterForm, name: str) -> set:
    return {obj.pk for obj in form.fields[name].queryset}


def test_lists_follow_the_chosen_survey(known_survey, other_survey):
    form = FilterForm({"survey": known_survey["survey"].pk})
    assert _values(form, "question") == {known_survey["question"].pk, known_survey["point"].pk}
    assert _values(form, "choice") == {known_survey["ja"].pk, known_survey["nein"].pk}
    form = FilterForm({"survey": other_survey["survey"].pk})
    assert _values(form, "question") == {other_survey["question"].pk}
    assert _values(form, "choice") == {other_survey["choice"].pk}


def test_answers_follow_the_chosen_question(known_survey):
    form = FilterForm({"survey": known_survey["survey"].pk, "question": known_survey["point"].pk})
    assert _values(form, "choice") == set()  # a map question has no answers to choose
    form = FilterForm({"survey": known_survey["survey"].pk, "question": known_survey["question"].pk})
    assert _values(form, "choice") == {known_survey["ja"].pk, known_survey["nein"].pk}


def test_without_a_survey_there_is_nothing_to_choose(known_survey):
    assert _values(FilterForm(None), "question") == set()
    assert _values(FilterForm({}), "choice") == set()


def test_question_of_another_survey_is_refused(known_survey, other_survey):
    form = FilterForm({"survey": known_survey["survey"].pk, "question": other_survey["question"].pk})
    assert not form.is_valid()
    assert form.errors["question"] == ["Diese Frage gehört nicht zur gewählten Umfrage."]


def test_answer_of_another_question_is_refused(known_survey, other_survey):
    survey = known_survey["survey"].pk
    form = FilterForm({"survey": survey, "question": known_survey["question"].pk, "choice": other_survey["choice"].pk})
    assert not form.is_valid()
    assert form.errors["choice"] == ["Diese Antwort gehört nicht zur gewählten Frage."]
    form = FilterForm({"survey": survey, "choice": other_survey["choice"].pk})
    assert not form.is_valid()
    assert form.errors["choice"] == ["Diese Antwort gehört nicht zur gewählten Umfrage."]


def test_matching_choice_is_accepted(known_survey):
    form = FilterForm({
        "survey": known_survey["survey"].pk, "question": known_survey["question"].pk, "choice": known_survey["ja"].pk,
        "measure": "share",
    })  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.filters().choice_id == known_survey["ja"].pk


def test_question_alone_takes_its_survey(known_survey):
    """Links that name only a question (or only an answer) keep working."""
    form = FilterForm({"question": known_survey["point"].pk})
    assert form.is_valid(), form.errors
    assert form.filters().survey_id == known_survey["survey"].pk
    form = FilterForm({"choice": known_survey["ja"].pk})
    assert form.is_valid(), form.errors
    assert form.filters().question_id == known_survey["question"].pk


def test_page_shows_the_error_in_german(client, known_survey, other_survey):
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.get(
        reverse("dashboard:index"), {"survey": known_survey["survey"].pk, "question": other_survey["question"].pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diese Frage gehört nicht zur gewählten Umfrage." in html
    assert "Andere Frage?" not in html  # the list now offers the chosen survey's questions only
    assert "Sicher?" in html
    assert "js/dashboard-filters.js" in html
    assert 'data-choices-url="/auswertung/auswahl/"' in html


def test_choices_endpoint_gives_the_forms_lists(client, known_survey, other_survey, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    url = reverse("dashboard:filter-choices")
    with django_assert_max_num_queries(10):  # session, user, roles, the form; not one per question
        lists = client.get(url, {"survey": known_survey["survey"].pk, "question": known_survey["question"].pk}).json()
    assert lists["question"][0][0] == ""
    assert {label for _v, label in lists["question"][1:]} == {"Sicher?", "Wo?"}
    assert {value for value, _l in lists["choice"][1:]} == {str(known_survey["ja"].pk), str(known_survey["nein"].pk)}
    lists = client.get(url, {"survey": other_survey["survey"].pk, "question": known_survey["question"].pk}).json()
    assert [label for _v, label in lists["question"][1:]] == ["Andere Frage?"]
    assert [label for _v, label in lists["choice"][1:]] == ["Andere Frage?: vielleicht"]


def test_choices_endpoint_is_staff_only(client, known_survey):
    url = reverse("dashboard:filter-choices")
    assert client.get(url)["Location"].startswith("/konto/login/")
    client.force_login(UserFactory())
    assert client.get(url, {"survey": known_survey["survey"].pk}).status_code == 403
