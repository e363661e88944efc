"""In Chromium: choosing a survey reloads the question and answer lists without submitting the form."""

from accounts.roles import Role
from surveys.models import Question
from tests.browser.conftest import sign_in
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, UserFactory


def _options(page, name: str) -> list[str]:
    return page.locator(f"select[name={name}] option").all_inner_texts()


def test_survey_choice_reloads_questions_and_answers(page, live_server):
    first, second = SurveyFactory(title="Radwege"), SurveyFactory(title="Spielplätze")
    question = QuestionFactory(survey=first, order=1, kind=Question.Kind.SINGLE, text="Sicher?")
    ChoiceFactory(question=question, text="ja")
    other = QuestionFactory(survey=second, order=1, kind=Question.Kind.SINGLE, text="Schaukel?")
    ChoiceFactory(question=other, text="gern")
    sign_in(page.context, live_server, UserFactory(roles=[Role.PLANNER]))

    page.goto(f"{live_server.url}/auswertung/")
    assert "Sicher?" not in _options(page, "question")
    page.get_by_label("Umfrage").select_option(label="Radwege")
    page.wait_for_function("() => document.querySelector('select[name=question]').options.length > 1")
    assert _options(page, "question")[1:] == ["Sicher?"]
    assert _options(page, "choice")[1:] == ["Sicher?: ja"]

    page.get_by_label("Umfrage").select_option(label="Spielplätze")
    page.wait_for_function(
        "() => [...document.querySelector('select[name=question]').options].some((o) => o.text === 'Schaukel?')"
    )
    assert _options(page, "question")[1:] == ["Schaukel?"]
    assert _options(page, "choice")[1:] == ["Schaukel?: gern"]
    page.get_by_label("Frage", exact=True).select_option(label="Schaukel?")
    page.get_by_role("button", name="Anwenden").click()
    page.wait_for_load_state()
    assert page.locator(".field-error").count() == 0
    assert page.get_by_label("Frage", exact=True).input_value() == str(other.pk)
