import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from surveys.models import Question, Survey
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "status"), [(Role.PLANNER, 200), (Role.ADMIN, 200), (Role.MODERATOR, 403)])
def test_planners_and_admins_build_surveys_in_the_admin(client, role, status):
    survey = SurveyFactory()
    client.force_login(UserFactory(roles=[role], is_staff=True))
    assert client.get("/admin/surveys/survey/add/").status_code == status
    assert client.get(f"/admin/surveys/survey/{survey.pk}/change/").status_code == status


def test_a_survey_with_questions_is_built_in_one_form(client):
    client.force_login(UserFactory(roles=[Role.PLANNER], is_staff=True))
    now = timezone.localtime()
    data = {
        "title": "Radwege",
        "slug": "radwege",
        "introduction": "",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": "00:00:00",
        "closes_at_0": (now + timezone.timedelta(days=30)).strftime("%Y-%m-%d"),
        "closes_at_1": "00:00:00",
        "access": "registered",
        "district_sources": "map,profile",
        "results_public": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-order": "1",
        "questions-0-kind": "point",
        "questions-0-required": "on",
        "questions-0-text": "Wo fehlt ein Radweg?",
        "questions-0-help_text": "",
        "questions-0-scale_min": "1",
        "questions-0-scale_max": "5",
        "questions-0-scale_min_label": "",
        "questions-0-scale_max_label": "",
        "questions-0-number_min": "",
        "questions-0-number_max": "",
    }
    response = client.post("/admin/surveys/survey/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = Survey.objects.get(slug="radwege")
    assert survey.district_sources == ["map", "profile"]
    assert survey.questions.get().kind == Question.Kind.POINT


def test_closing_before_opening_is_refused():
    survey = SurveyFactory.build(opens_at=timezone.now(), closes_at=timezone.now() - timezone.timedelta(days=1))
    with pytest.raises(ValidationError, match="Das Ende muss nach dem Beginn liegen"):
        survey.full_clean()


def test_question_settings_are_checked():
    survey = SurveyFactory()
    other = ChoiceFactory(question=QuestionFactory(survey=SurveyFactory(), order=1))
    later = QuestionFactory(survey=survey, order=5)
    choice = ChoiceFactory(question=later)
    question = QuestionFactory.build(
        survey=survey,
        order=2,
        kind=Question.Kind.SCALE,
        scale_min=5,
        scale_max=5,
        number_min=3,
        number_max=1,
        show_if_choice=choice,
    )
    with pytest.raises(ValidationError) as excinfo:
        question.full_clean()
    assert set(excinfo.value.message_dict) == {"scale_max", "number_max", "show_if_choice"}
    question.show_if_choice = other
    with pytest.raises(ValidationError) as excinfo:
        question.full_clean()
    assert "show_if_choice" in excinfo.value.message_dict
