import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from proposals.models import Category, Idea
from surveys.models import Answer, AnswerChoice, Question, Response
from tests.conftest import ensure_migrated_data
from tests.factories import ChoiceFactory, IdeaFactory, ProjectFactory, QuestionFactory, SurveyFactory, UserFactory


@pytest.fixture(autouse=True)
def _groups_and_categories(_django_db_helper):
    ensure_migrated_data()


def at(day: int) -> datetime.datetime:
    """Noon (Berlin) on a day of March 2026; 2026-03-02 is a Monday."""
    return timezone.make_aware(datetime.datetime(2026, 3, day, 12, 0))


@pytest.fixture
def known_ideas(stadtteile):
    """Ideas at the label points of known Stadtteile, counted by hand in the tests:

    Stadtteil 1: 3 (gruen, 2 supports each; one in project P), Stadtteil 5: 2 (verkehr, 5 and 1 supports,
    status angenommen), Stadtteil 12: 1 (gruen, 0, in project P); plus one pending idea in Stadtteil 12 and one
    rejected idea in Stadtteil 1, which staff count and do not count respectively.
    """
    project = ProjectFactory(title="P")
    gruen, verkehr = Category.objects.get(slug="gruen"), Category.objects.get(slug="verkehr")
    author = UserFactory()
    ideas = []
    for i, day in enumerate([2, 3, 10]):
        ideas.append(
            IdeaFactory(
                stadtteil=stadtteile[1], category=gruen, support_count=2, created_at=at(day), author=author,
                project=project if i == 0 else None,
            )
        )  # fmt: skip
    ideas.append(
        IdeaFactory(stadtteil=stadtteile[5], category=verkehr, support_count=5, status="angenommen", created_at=at(4),
                    author=author, official_answer="Wird umgesetzt.")
    )  # fmt: skip
    ideas.append(
        IdeaFactory(stadtteil=stadtteile[5], category=verkehr, support_count=1, status="angenommen", created_at=at(11),
                    author=author)
    )  # fmt: skip
    ideas.append(
        IdeaFactory(stadtteil=stadtteile[12], category=gruen, created_at=at(17), author=author, project=project)
    )
    IdeaFactory(stadtteil=stadtteile[12], category=gruen, visibility=Idea.Visibility.PENDING, created_at=at(17),
                author=author, published_at=None)  # fmt: skip
    IdeaFactory(stadtteil=stadtteile[1], category=gruen, visibility=Idea.Visibility.REJECTED, created_at=at(17),
                author=author)  # fmt: skip
    cache.clear()  # the factories' saves bumped the version; start each test from a cold cache anyway
    return {"project": project, "ideas": ideas, "gruen": gruen, "verkehr": verkehr}


@pytest.fixture
def known_survey(stadtteile):
    """A closed survey with public results; a single-choice question answered by
    6 respondents of Stadtteil 2 (4 "ja") and 3 of Stadtteil 3 (1 "ja"), and a point question answered at the
    label point of Stadtteil 2 by those six."""
    project = ProjectFactory(title="Umfrageprojekt")
    survey = SurveyFactory(
        project=project, opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )  # fmt: skip
    question = QuestionFactory(survey=survey, order=1, kind=Question.Kind.SINGLE, text="Sicher?")
    ja = ChoiceFactory(question=question, text="ja")
    nein = ChoiceFactory(question=question, text="nein")
    point = QuestionFactory(survey=survey, order=2, kind=Question.Kind.POINT, text="Wo?")
    n = 0
    for number, yes, total in [(2, 4, 6), (3, 1, 3)]:
        for k in range(total):
            n += 1
            response = Response.objects.create(survey=survey, token=f"t{n}", stadtteil=stadtteile[number],
                                               created_at=at(5))  # fmt: skip
            answer = Answer.objects.create(response=response, question=question)
            AnswerChoice.objects.create(answer=answer, choice=ja if k < yes else nein)
            if number == 2:
                Answer.objects.create(
                    response=response, question=point, geom=stadtteile[2].label_point, stadtteil=stadtteile[2]
                )
    cache.clear()
    return {"survey": survey, "question": question, "ja": ja, "nein": nein, "point": point, "project": project}
