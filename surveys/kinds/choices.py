"""Choice kinds: one option (single), several plus "Sonstiges" (multiple), options in order (ranking)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from edge.fields import posted_id
from surveys.kinds import register
from surveys.kinds.base import CleanAnswer, QuestionKind, as_int

DUPLICATE_RANK = "duplicate-rank"  # what the form sends when two choices were given the same rank
NOT_AN_ID = "not-an-id"  # stands in for input of the wrong shape: no choice id, so `clean` refuses it
MAX_OTHER = 300


class ChoiceKind(QuestionKind):
    has_choices = True

    def ids_and_other(self, value) -> tuple[list, str]:
        if isinstance(value, dict):
            ids = value.get("choices") or []
            # {"choices": 5} is no list of ids.
            return (ids if isinstance(ids, list) else [NOT_AN_ID]), str(value.get("other") or "").strip()
        return (value if isinstance(value, list) else [value]), ""

    def clean(self, question, value) -> CleanAnswer:
        ids, other = self.ids_and_other(value)
        if DUPLICATE_RANK in ids:
            raise ValidationError(_("Bitte vergeben Sie jeden Rang nur einmal."))
        ids = [as_int(v) for v in ids]
        valid = {c.pk for c in question.choices.all()}
        if any(i not in valid for i in ids):
            raise ValidationError(_("Diese Antwort gehört nicht zu dieser Frage."))
        if len(set(ids)) != len(ids):
            raise ValidationError(_("Jede Antwort darf nur einmal vorkommen."))
        if other and not question.allow_other:
            raise ValidationError(_("Bei dieser Frage ist keine eigene Antwort vorgesehen."))
        if len(other) > MAX_OTHER:
            raise ValidationError(_("Bitte fassen Sie „Sonstiges“ kürzer (höchstens 300 Zeichen)."))
        if not ids and not other:
            raise ValidationError(_("Bitte beantworten Sie diese Frage."))
        return CleanAnswer(question, choice_ids=ids, text=other)

    def chosen_ids(self, answer) -> list[int]:
        return [s.choice_id for s in sorted(answer.selected.all(), key=lambda s: (s.rank or 0, s.choice_id))]

    def cell(self, answer, choices) -> str:
        parts = [choices.get(choice_id, "") for choice_id in self.chosen_ids(answer)]
        if answer.text:
            parts.append(answer.text)
        return "; ".join(parts)


@register
class Single(ChoiceKind):
    name = "single"

    def ids_and_other(self, value) -> tuple[list, str]:
        return [value], ""

    def as_raw(self, answer):
        ids = self.chosen_ids(answer)
        return ids[0] if ids else None


@register
class Multiple(ChoiceKind):
    name = "multiple"
    keeps_texts = True  # the "Sonstiges" texts

    def from_post(self, question, data):
        return {"choices": data.getlist(question.field_name), "other": data.get(f"{question.field_name}_other", "")}

    def as_raw(self, answer):
        return {"choices": self.chosen_ids(answer), "other": answer.text}

    def form_item(self, question, value, item) -> None:
        if isinstance(value, dict):
            item["selected"] = {str(v) for v in value.get("choices", [])}
            item["other"] = value.get("other", "")


@register
class Ranking(ChoiceKind):
    name = "ranking"
    ranked = True

    def from_post(self, question, data):
        ranks = []
        for choice in question.choices.all():
            text = data.get(f"{question.field_name}_rank_{choice.pk}", "")
            rank = posted_id(text)
            if rank is not None:
                ranks.append((rank, choice.pk))
            elif text:
                return [NOT_AN_ID]
        if len({r for r, _ in ranks}) != len(ranks):
            return [DUPLICATE_RANK]
        return [choice_id for _, choice_id in sorted(ranks)]

    def as_raw(self, answer):
        return self.chosen_ids(answer)

    def form_item(self, question, value, item) -> None:
        positions = {str(v): i for i, v in enumerate(value, start=1)} if isinstance(value, list) else {}
        item["ranks"] = [(c, positions.get(str(c.pk))) for c in question.choices.all()]
        item["positions"] = list(range(1, question.choices.count() + 1))
