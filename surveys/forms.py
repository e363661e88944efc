"""The server-rendered survey form: reading the POST into raw answers and preparing each question's widget."""

import json

from django.http import QueryDict

from geo.selectors import stadtteil_list
from surveys.models import Question
from surveys.validation import DUPLICATE_RANK


def raw_from_post(questions: list[Question], data: QueryDict) -> dict[str, object]:
    """The POSTed form as the raw answers `clean_answers` takes (the API sends that shape directly)."""
    raw: dict[str, object] = {}
    for question in questions:
        name, key = question.field_name, str(question.pk)
        if question.kind == Question.Kind.MULTIPLE:
            raw[key] = {"choices": data.getlist(name), "other": data.get(f"{name}_other", "")}
        elif question.kind == Question.Kind.RANKING:
            ranks = []
            for choice in question.choices.all():
                rank = data.get(f"{name}_rank_{choice.pk}", "")
                if rank.isdigit():
                    ranks.append((int(rank), choice.pk))
            if len({r for r, _ in ranks}) != len(ranks):
                raw[key] = [DUPLICATE_RANK]
            else:
                raw[key] = [choice_id for _, choice_id in sorted(ranks)]
        elif question.kind == Question.Kind.POINT:
            lon, lat = data.get(f"{name}_lon", "").strip(), data.get(f"{name}_lat", "").strip()
            raw[key] = _point(lon, lat) if lon or lat else None
        elif question.is_map:
            raw[key] = data.get(f"{name}_geojson", "").strip() or None
        else:
            raw[key] = data.get(name, "")
    return raw


def _point(lon: str, lat: str) -> str:
    try:
        return json.dumps({"type": "Point", "coordinates": [float(lon), float(lat)]})
    except ValueError:
        return "invalid"


def form_items(questions: list[Question], raw: dict[str, object], errors: dict[str, str]) -> list[dict]:
    """Everything a question's template needs: its current value in a form the template can compare."""
    stadtteile = list(stadtteil_list())
    items = []
    for question in questions:
        value = raw.get(str(question.pk))
        item = {"question": question, "error": errors.get(question.field_name, ""), "selected": set(), "value": ""}
        if question.kind == Question.Kind.MULTIPLE and isinstance(value, dict):
            item["selected"] = {str(v) for v in value.get("choices", [])}
            item["other"] = value.get("other", "")
        elif question.kind == Question.Kind.RANKING and isinstance(value, list):
            positions = {str(v): i for i, v in enumerate(value, start=1)}
            item["ranks"] = [(c, positions.get(str(c.pk))) for c in question.choices.all()]
        elif question.kind == Question.Kind.RANKING:
            item["ranks"] = [(c, None) for c in question.choices.all()]
        elif question.is_map and value:
            item.update(_map_value(question, value))
        elif value is not None:
            item["value"] = _plain(value)
            item["selected"] = {item["value"]}
        if question.kind == Question.Kind.RANKING:
            item["positions"] = list(range(1, question.choices.count() + 1))
        if question.kind == Question.Kind.STADTTEIL:
            item["stadtteile"] = stadtteile
        items.append(item)
    return items


def _plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _map_value(question: Question, value) -> dict:
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        geometry = json.loads(text)
    except ValueError:
        return {}
    if question.kind == Question.Kind.POINT and isinstance(geometry, dict):
        coordinates = geometry.get("coordinates") or ["", ""]
        return {"lon": coordinates[0], "lat": coordinates[1]}
    return {"geojson": text}
