"""Survey map answers for staff GIS users, with the respondent's other answers as attributes."""

from django.db.models import JSONField
from django.db.models.expressions import RawSQL

from geo.datasets import Dataset, register_dataset
from surveys.models import Answer

# The respondent's other (non-map) answers as {question: answer}; choices joined by ", ".
OTHER_ANSWERS_SQL = """
SELECT jsonb_object_agg(q.text, coalesce(
           nullif(a2.text, ''),
           a2.number::text,
           (SELECT string_agg(c.text, ', ' ORDER BY ac.rank NULLS LAST, c."order")
              FROM surveys_answerchoice ac JOIN surveys_choice c ON c.id = ac.choice_id
             WHERE ac.answer_id = a2.id)))
  FROM surveys_answer a2 JOIN surveys_question q ON q.id = a2.question_id
 WHERE a2.response_id = surveys_answer.response_id AND a2.geom IS NULL
"""


def register() -> None:
    register_dataset(
        Dataset(
            name="umfrage-kartenantworten",
            title="Umfragen: Kartenantworten (intern)",
            description="Exakte Orte aus Kartenfragen mit den übrigen Antworten der Person. "
            "Nur für Stadtplanung und Verwaltung.",
            model=Answer,
            fields={
                "umfrage": "response__survey__title",
                "frage": "question__text",
                "stadtteil_nr": "stadtteil__number",
                "stadtteil": "stadtteil__name",
                "bestaetigt": "response__verified",
                "eingegangen_am": "response__created_at",
                "weitere_antworten": RawSQL(OTHER_ANSWERS_SQL, (), output_field=JSONField()),  # noqa: S611 (constant SQL, no input)
            },
            shapefile_names={
                "stadtteil_nr": "stadtt_nr",
                "eingegangen_am": "eingang_am",
                "weitere_antworten": "weitere",
            },
            base=lambda: Answer.objects.filter(geom__isnull=False),
            permission="surveys.view_exact_answers",  # Stadtplanung and Verwaltung, not Moderation
            datetime_field="response__created_at",
            filters={"survey": "response__survey__slug", "question": "question_id", "stadtteil": "stadtteil__number"},
        )
    )
