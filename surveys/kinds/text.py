"""Free text."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from surveys.kinds import register
from surveys.kinds.base import CleanAnswer, QuestionKind

MAX_TEXT = 5000


@register
class Text(QuestionKind):
    name = "text"
    keeps_texts = True

    def clean(self, question, value) -> CleanAnswer:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Bitte fassen Sie sich kürzer (höchstens %(max)d Zeichen).") % {"max": MAX_TEXT})
        return CleanAnswer(question, text=text)
