"""A number, optionally bounded by the question's number_min/number_max."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from surveys.kinds import register
from surveys.kinds.base import CleanAnswer, QuestionKind


def parse_number(value) -> float:
    """A finite float from "3,5", "3.5" or 3.5."""
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        raise ValidationError(_("Bitte geben Sie eine Zahl ein.")) from None
    if number != number or number in {float("inf"), float("-inf")}:
        raise ValidationError(_("Bitte geben Sie eine Zahl ein."))
    return number


class NumericKind(QuestionKind):
    numeric = True

    def as_raw(self, answer):
        return answer.number

    def cell(self, answer, choices) -> str:
        return "" if answer.number is None else f"{answer.number:g}"


@register
class Number(NumericKind):
    name = "number"

    def clean(self, question, value) -> CleanAnswer:
        number = parse_number(value)
        low, high = question.number_min, question.number_max
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                message = _("Bitte geben Sie eine Zahl von %(min)s bis %(max)s ein.")
            elif low is not None:
                message = _("Bitte geben Sie eine Zahl ab %(min)s ein.")
            else:
                message = _("Bitte geben Sie eine Zahl bis %(max)s ein.")
            raise ValidationError(message % {"min": _fmt(low), "max": _fmt(high)})
        return CleanAnswer(question, number=number)


def _fmt(number: float | None) -> str:
    return "" if number is None else f"{number:g}".replace(".", ",")
