"""Turning raw answers (from the form or the API) into clean, typed answers, or errors keyed by question."""

import json
from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from geo.districting import locate
from geo.models import Stadtteil
from geo.spatial import OUTSIDE_CITY_MESSAGE, WGS84
from surveys.models import Question

GEOMETRY_TYPES = {
    Question.Kind.POINT: "Point",
    Question.Kind.MULTIPOINT: "MultiPoint",
    Question.Kind.LINE: "LineString",
    Question.Kind.AREA: "Polygon",
}
MAX_TEXT = 5000
DUPLICATE_RANK = "duplicate-rank"  # what the form sends when two choices were given the same rank
MAX_VERTICES = 500


@dataclass
class CleanAnswer:
    question: Question
    text: str = ""
    number: float | None = None
    geom: GEOSGeometry | None = None
    stadtteil: Stadtteil | None = None
    choice_ids: list[int] = field(default_factory=list)  # in rank order for ranking questions


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
    """Validate every answer; raises ValidationError({"q<id>": message}) naming each faulty question.

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
            answer = _clean_one(question, value)
        except ValidationError as error:
            errors[question.field_name] = error.messages[0]
            continue
        chosen[question.pk] = set(answer.choice_ids)
        cleaned.append(answer)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(question: Question, value) -> CleanAnswer:
    kind = question.kind
    if kind in Question.CHOICE_KINDS:
        return _clean_choices(question, value)
    if kind == Question.Kind.TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Bitte fassen Sie sich kürzer (höchstens %(max)d Zeichen).") % {"max": MAX_TEXT})
        return CleanAnswer(question, text=text)
    if kind in {Question.Kind.SCALE, Question.Kind.NUMBER}:
        return CleanAnswer(question, number=_clean_number(question, value))
    if kind == Question.Kind.STADTTEIL:
        stadtteil = Stadtteil.objects.filter(number=_as_int(value)).first()
        if stadtteil is None:
            raise ValidationError(_("Bitte wählen Sie einen Stadtteil aus der Liste."))
        return CleanAnswer(question, stadtteil=stadtteil)
    geom = _clean_geometry(question, value)
    found = locate(geom)
    if found is None:
        raise ValidationError(OUTSIDE_CITY_MESSAGE)
    return CleanAnswer(question, geom=geom, stadtteil=found.stadtteil)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clean_choices(question: Question, value) -> CleanAnswer:
    other = ""
    if question.kind == Question.Kind.SINGLE:
        ids = [value]
    elif isinstance(value, dict):
        ids, other = value.get("choices") or [], str(value.get("other") or "").strip()
    else:
        ids = value if isinstance(value, list) else [value]
    if DUPLICATE_RANK in ids:
        raise ValidationError(_("Bitte vergeben Sie jeden Rang nur einmal."))
    ids = [_as_int(v) for v in ids]
    valid = {c.pk for c in question.choices.all()}
    if any(i not in valid for i in ids):
        raise ValidationError(_("Diese Antwort gehört nicht zu dieser Frage."))
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Jede Antwort darf nur einmal vorkommen."))
    if other and not question.allow_other:
        raise ValidationError(_("Bei dieser Frage ist keine eigene Antwort vorgesehen."))
    if len(other) > 300:
        raise ValidationError(_("Bitte fassen Sie „Sonstiges“ kürzer (höchstens 300 Zeichen)."))
    if not ids and not other:
        raise ValidationError(_("Bitte beantworten Sie diese Frage."))
    return CleanAnswer(question, choice_ids=ids, text=other)


def _clean_number(question: Question, value) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        raise ValidationError(_("Bitte geben Sie eine Zahl ein.")) from None
    if number != number or number in {float("inf"), float("-inf")}:
        raise ValidationError(_("Bitte geben Sie eine Zahl ein."))
    if question.kind == Question.Kind.SCALE:
        if number not in question.scale_values():
            raise ValidationError(
                _("Bitte wählen Sie einen Wert von %(min)d bis %(max)d.")
                % {"min": question.scale_min, "max": question.scale_max}
            )
        return number
    low, high = question.number_min, question.number_max
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            message = _("Bitte geben Sie eine Zahl von %(min)s bis %(max)s ein.")
        elif low is not None:
            message = _("Bitte geben Sie eine Zahl ab %(min)s ein.")
        else:
            message = _("Bitte geben Sie eine Zahl bis %(max)s ein.")
        raise ValidationError(message % {"min": _fmt(low), "max": _fmt(high)})
    return number


def _fmt(number: float | None) -> str:
    return "" if number is None else f"{number:g}".replace(".", ",")


def _clean_geometry(question: Question, value) -> GEOSGeometry:
    invalid = ValidationError(_("Bitte markieren Sie einen Ort auf der Karte."))
    try:
        text = value if isinstance(value, str) else json.dumps(value)
        geom = GEOSGeometry(text, srid=WGS84)
    except (GEOSException, ValueError, TypeError):
        raise invalid from None
    expected = GEOMETRY_TYPES[question.kind]
    if geom.geom_type == "Point" and expected == "MultiPoint":
        geom = GEOSGeometry(f"MULTIPOINT({geom.x} {geom.y})", srid=WGS84)
    if geom.geom_type != expected or geom.empty or geom.num_coords > MAX_VERTICES:
        raise invalid
    if not all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in _flatten(geom.coords)):
        raise invalid
    if not geom.valid:
        raise ValidationError(_("Diese Fläche überschneidet sich selbst. Bitte zeichnen Sie sie neu."))
    return geom


def _flatten(coords):
    if coords and isinstance(coords[0], int | float):
        yield coords
        return
    for item in coords:
        yield from _flatten(item)
