"""The question-kind registry: every kind of the model is registered with a template, and a kind added in
one module (here, in the test) works through validation, storage, results and CSV without other edits."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import QueryDict
from django.template.loader import get_template
from django.utils.translation import gettext as _

from geo.disclosure import publish, record_key_sql
from surveys.exports import responses_csv
from surveys.forms import form_items, raw_from_post
from surveys.kinds import REGISTRY, kind_of, register
from surveys.kinds.base import CleanAnswer, QuestionKind
from surveys.models import Answer, Question
from surveys.results import survey_results
from surveys.services import response_submit
from tests.factories import QuestionFactory, SurveyFactory, UserFactory


class YesNo(QuestionKind):
    """A kind the project does not have: "ja"/"nein", stored as 1/0, with its own published count of "ja"."""

    name = "yesno"
    numeric = True

    def clean(self, question, value) -> CleanAnswer:
        if str(value).strip().lower() not in {"ja", "nein"}:
            raise ValidationError(_("Bitte antworten Sie mit ja oder nein."))
        return CleanAnswer(question, number=1.0 if str(value).strip().lower() == "ja" else 0.0)

    def as_raw(self, answer):
        return "ja" if answer.number else "nein"

    def cell(self, answer, choices) -> str:
        return self.as_raw(answer)

    def extend_results(self, question, result, context) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), coalesce(sum({record_key_sql('response_id')}), 0) FROM surveys_answer "  # noqa: S608
                "WHERE question_id = %s AND number = 1",
                [question.pk],
            )
            yes = publish(*cursor.fetchone(), exact=context.exact)
        result["yes"] = {"count": yes.count, **yes.markers()}


@pytest.fixture
def yes_no():
    register(YesNo)
    yield REGISTRY["yesno"]
    del REGISTRY["yesno"]


def test_every_model_kind_is_registered_with_a_template():
    for value, _label in Question.Kind.choices:
        kind = kind_of(value)
        assert kind.name == value
        assert get_template(kind.template) is not None
    assert set(REGISTRY) == set(Question.Kind.values)


def test_an_unknown_kind_is_a_clear_error():
    with pytest.raises(LookupError, match="yesno"):
        kind_of("yesno")


@pytest.mark.django_db
def test_a_kind_in_one_module_goes_through_validation_storage_results_and_csv(yes_no):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, order=1, kind="yesno", text="Kommen Sie wieder?")
    key = str(question.pk)

    with pytest.raises(ValidationError) as refused:
        response_submit(survey=survey, answers={key: "vielleicht"}, user=UserFactory())
    assert refused.value.message_dict == {question.field_name: ["Bitte antworten Sie mit ja oder nein."]}
    assert not Answer.objects.filter(question=question).exists()

    post = QueryDict(f"{question.field_name}=ja")
    assert raw_from_post([question], post) == {key: "ja"}
    assert form_items([question], {key: "ja"}, {})[0]["value"] == "ja"

    for said in ["ja"] * 6 + ["nein"]:
        response_submit(survey=survey, answers={key: said}, user=UserFactory())
    assert sorted(Answer.objects.filter(question=question).values_list("number", flat=True)) == [0] + [1] * 6

    [staff] = survey_results(survey, exact=True)
    assert (staff["n"], staff["yes"], staff["stats"]["mean"]) == (7, {"count": 6, "exact": True}, 0.86)
    [public] = survey_results(survey)
    assert public["yes"]["perturbed"]
    assert public["yes"]["count"] >= 6
    assert "exact" not in public["yes"]

    body = b"".join(responses_csv(survey).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][-1] == "1. Kommen Sie wieder?"
    assert sorted(row[-1] for row in rows[1:]) == ["ja"] * 6 + ["nein"]
