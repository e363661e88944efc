""" "Ihr Stadtteil": one of the 18 Stadtteile, by number; results are grouped by the chosen Stadtteil."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from geo.models import Stadtteil
from geo.selectors import stadtteil_list
from surveys.kinds import register
from surveys.kinds.base import CleanAnswer, QuestionKind, as_int


@register
class StadtteilKind(QuestionKind):
    name = "stadtteil"
    answer_district = True

    def clean(self, question, value) -> CleanAnswer:
        number = as_int(value)
        stadtteil = Stadtteil.objects.filter(number=number).first() if number is not None else None
        if stadtteil is None:
            raise ValidationError(_("Bitte wählen Sie einen Stadtteil aus der Liste."))
        return CleanAnswer(question, stadtteil=stadtteil)

    def as_raw(self, answer):
        return answer.stadtteil.number if answer.stadtteil else None

    def form_item(self, question, value, item) -> None:
        super().form_item(question, value, item)
        item["stadtteile"] = list(stadtteil_list())

    def cell(self, answer, choices) -> str:
        return str(answer.stadtteil) if answer.stadtteil else ""
