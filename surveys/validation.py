"""Turning raw answers (from the form or the API) into clean, typed answers, or errors keyed by question."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from surveys.kinds import kind_of
from surveys.kinds.base import CleanAnswer
from surveys.models import Question

__all__ = ["CleanAnswer", "clean_answers", "is_empty", "is_shown"]


def is_shown(question: Question, chosen: dict[int, set[int]]) -> bool:
    """A conditional question counts only when the earlier answer includes its choice."""
    if question.show_if_choice_id is None:
        return True
    return question.show_if_choice_id in chosen.get(question.show_if_choice.question_id, set())


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        if isinstance(value, dict) and "choices" in value:
            return not value["choices"] and not str(value.get("other", "")).strip()
        return not value
    return False


def clean_answers(questions: list[Question], raw: dict[str, object]) -> list[CleanAnswer]:
    """Validate every answer (each by its kind, surveys.kinds); raises ValidationError({"q<id>": message})
    naming each faulty question.

    `raw` is keyed by question id (as text); values: a choice id (single), {"choices": [...], "other": ""}
    or a list of ids (multiple), a list of ids in order (ranking), text, a number (scale, number),
    a GeoJSON geometry (map questions) and a Stadtteil number ("Ihr Stadtteil").
    """
    errors: dict[str, str] = {}
    cleaned: list[CleanAnswer] = []
    chosen: dict[int, set[int]] = {}
    for question in questions:  # in order, so a condition always refers to an answer already cleaned
        value = raw.get(str(question.pk))
        if not is_shown(question, chosen):
            continue
        if is_empty(value):
            if question.required:
                errors[question.field_name] = _("Bitte beantworten Sie diese Frage.")
            continue
        try:
            answer = kind_of(question).clean(question, value)
        except ValidationError as error:
            errors[question.field_name] = error.messages[0]
            continue
        chosen[question.pk] = set(answer.choice_ids)
        cleaned.append(answer)
    if errors:
        raise ValidationError(errors)
    return cleaned
