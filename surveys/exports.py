"""Staff exports: CSV of responses (one row each) and of answers, and the exact map answers as GeoJSON."""

from django.db.models import F
from django.http import StreamingHttpResponse

from edge.tables import csv_lines
from geo.geojson import feature_collection
from surveys.kinds import kind_of
from surveys.models import Answer, Question, Response, Survey
from surveys.selectors import survey_questions

CHUNK = 2000


def _stream(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows, delimiter=","), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def answer_text(question: Question, answer: Answer, choices: dict[int, str]) -> str:
    """One answer as a cell, written by its kind: choices by name (ranked ones in order), numbers, text, WKT."""
    return kind_of(question).cell(answer, choices)


def _choice_names(questions: list[Question]) -> dict[int, str]:
    return {c.pk: c.text for q in questions for c in q.choices.all()}


def responses_csv(survey: Survey) -> StreamingHttpResponse:
    questions = survey_questions(survey)
    choices = _choice_names(questions)
    header = ["teilnahme", "erstellt", "geaendert", "bestaetigt", "stadtteil"] + [
        f"{q.order}. {q.text}" for q in questions
    ]
    responses = (
        Response.objects.filter(survey=survey)
        .select_related("stadtteil")
        .prefetch_related("answers__selected", "answers__stadtteil")
        .order_by("pk")
    )

    def rows():
        for response in responses.iterator(chunk_size=CHUNK):
            by_question = {a.question_id: a for a in response.answers.all()}
            yield [
                response.pk,
                response.created_at.isoformat(),
                response.updated_at.isoformat(),
                "ja" if response.verified else "nein",
                str(response.stadtteil) if response.stadtteil else "",
                *[answer_text(q, by_question[q.pk], choices) if q.pk in by_question else "" for q in questions],
            ]

    return _stream(f"{survey.slug}-teilnahmen.csv", header, rows())


def answers_csv(survey: Survey) -> StreamingHttpResponse:
    questions = {q.pk: q for q in survey_questions(survey)}
    choices = _choice_names(list(questions.values()))
    header = ["teilnahme", "frage", "fragetext", "art", "antwort", "lon", "lat", "stadtteil_ort", "stadtteil_person"]
    answers = (
        Answer.objects.filter(response__survey=survey)
        .select_related("stadtteil", "response__stadtteil")
        .prefetch_related("selected")
        .order_by("response_id", "question__order")
    )

    def rows():
        for answer in answers.iterator(chunk_size=CHUNK):
            question = questions[answer.question_id]
            point = answer.geom if answer.geom is not None and answer.geom.geom_type == "Point" else None
            yield [
                answer.response_id,
                question.order,
                question.text,
                question.get_kind_display(),
                answer_text(question, answer, choices),
                f"{point.x:.6f}" if point else "",
                f"{point.y:.6f}" if point else "",
                str(answer.stadtteil) if answer.stadtteil else "",
                str(answer.response.stadtteil) if answer.response.stadtteil else "",
            ]

    return _stream(f"{survey.slug}-antworten.csv", header, rows())


def answer_features(question: Question) -> str:
    """The exact map answers of a question (staff only) as a GeoJSON FeatureCollection built in SQL."""
    answers = Answer.objects.filter(question=question, geom__isnull=False).annotate(
        stadtteil_number=F("stadtteil__number")
    )
    return feature_collection(answers, geometry="geom", fields=["id", "response_id", "stadtteil_number"])
