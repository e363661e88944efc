"""A scale from scale_min to scale_max (e.g. 1–5); results add the published distribution of the values."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from geo.disclosure import record_key_sql, share
from surveys.kinds import register
from surveys.kinds.base import CleanAnswer
from surveys.kinds.number import NumericKind, parse_number

VALUES_SQL = """
SELECT a.number, count(*), sum({key}), count(*) FILTER (WHERE NOT r.verified),
       coalesce(sum({key}) FILTER (WHERE NOT r.verified), 0)
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE a.question_id = %s AND r.survey_id = %s GROUP BY 1
"""


@register
class Scale(NumericKind):
    name = "scale"
    frozen_once_answered = ("scale_min", "scale_max")

    def check_question(self, question) -> dict[str, str]:
        if question.scale_min >= question.scale_max:
            return {"scale_max": _("Das Ende der Skala muss größer sein als ihr Anfang.")}
        return {}

    def clean(self, question, value) -> CleanAnswer:
        number = parse_number(value)
        if number not in question.scale_values():
            raise ValidationError(
                _("Bitte wählen Sie einen Wert von %(min)d bis %(max)d.")
                % {"min": question.scale_min, "max": question.scale_max}
            )
        return CleanAnswer(question, number=number)

    def extend_results(self, question, result, context) -> None:
        with connection.cursor() as cursor:
            cursor.execute(VALUES_SQL.format(key=record_key_sql("a.response_id")), [question.pk, question.survey_id])
            found = {float(value): counts for value, *counts in cursor.fetchall()}
        rows = []
        for value in question.scale_values():
            cell = context.publish(found.get(float(value), (0, 0, 0, 0)))
            rows.append({"value": value, "count": cell.count, "share": share(cell, context.total), **cell.markers()})
        result["distribution"] = rows
