"""The server-rendered survey form: reading the POST into raw answers and preparing each question's widget.

What each question's fields look like is up to its kind (surveys.kinds): `from_post` and `form_item`.
"""

from django.http import QueryDict

from surveys.kinds import kind_of
from surveys.models import Question


def raw_from_post(questions: list[Question], data: QueryDict) -> dict[str, object]:
    """The POSTed form as the raw answers `clean_answers` takes (the API sends that shape directly)."""
    return {str(question.pk): kind_of(question).from_post(question, data) for question in questions}


def form_items(questions: list[Question], raw: dict[str, object], errors: dict[str, str]) -> list[dict]:
    """Everything a question's template needs: its kind's template and its current value."""
    items = []
    for question in questions:
        kind = kind_of(question)
        item = {"question": question, "kind": kind, "error": errors.get(question.field_name, ""), "selected": set()}
        item["value"] = ""
        kind.form_item(question, raw.get(str(question.pk)), item)
        items.append(item)
    return items
