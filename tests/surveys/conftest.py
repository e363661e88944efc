import pytest

from surveys.models import Question
from tests.conftest import ensure_migrated_data
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory


@pytest.fixture(autouse=True)
def staff_groups(_django_db_helper):
    ensure_migrated_data()


@pytest.fixture
def full_survey(db):
    """A survey with one question of every kind; `survey.q` maps a short name to each question."""
    survey = SurveyFactory(title="Sicher unterwegs", slug="sicher-unterwegs")
    q = {}
    q["single"] = QuestionFactory(survey=survey, order=1, kind=Question.Kind.SINGLE, text="Fühlen Sie sich sicher?")
    ja = ChoiceFactory(question=q["single"], order=1, text="ja")
    nein = ChoiceFactory(question=q["single"], order=2, text="nein")
    q["multiple"] = QuestionFactory(
        survey=survey, order=2, kind=Question.Kind.MULTIPLE, text="Wie sind Sie unterwegs?", allow_other=True
    )
    for order, text in enumerate(["zu Fuß", "Rad", "Bus"], start=1):
        ChoiceFactory(question=q["multiple"], order=order, text=text)
    q["text"] = QuestionFactory(survey=survey, order=3, kind=Question.Kind.TEXT, text="Was fehlt?", required=False)
    q["scale"] = QuestionFactory(
        survey=survey,
        order=4,
        kind=Question.Kind.SCALE,
        text="Wie hell?",
        scale_min_label="dunkel",
        scale_max_label="hell",
    )
    q["number"] = QuestionFactory(
        survey=survey,
        order=5,
        kind=Question.Kind.NUMBER,
        text="Wie alt sind Sie?",
        number_min=0,
        number_max=120,
        required=False,
    )
    q["ranking"] = QuestionFactory(
        survey=survey, order=6, kind=Question.Kind.RANKING, text="Was ist wichtig?", required=False
    )
    for order, text in enumerate(["Licht", "Sauberkeit", "Polizei"], start=1):
        ChoiceFactory(question=q["ranking"], order=order, text=text)
    q["point"] = QuestionFactory(
        survey=survey, order=7, kind=Question.Kind.POINT, text="Wo fühlen Sie sich unsicher?", show_if_choice=nein
    )
    q["multipoint"] = QuestionFactory(
        survey=survey, order=8, kind=Question.Kind.MULTIPOINT, text="Wo noch?", required=False
    )
    q["line"] = QuestionFactory(survey=survey, order=9, kind=Question.Kind.LINE, text="Ihr Weg?", required=False)
    q["area"] = QuestionFactory(survey=survey, order=10, kind=Question.Kind.AREA, text="Welche Fläche?", required=False)
    q["stadtteil"] = QuestionFactory(
        survey=survey, order=11, kind=Question.Kind.STADTTEIL, text="Ihr Stadtteil", required=False
    )
    survey.q = q
    survey.ja, survey.nein = ja, nein
    return survey


def point_in(stadtteil) -> dict:
    return {"type": "Point", "coordinates": [stadtteil.label_point.x, stadtteil.label_point.y]}


@pytest.fixture
def minimal_answers(full_survey):
    """The required answers only (answering "ja", so the map question is not shown)."""
    q = full_survey.q
    return {
        str(q["single"].pk): full_survey.ja.pk,
        str(q["multiple"].pk): {"choices": [q["multiple"].choices.first().pk], "other": ""},
        str(q["scale"].pk): 3,
    }
