"""Forms of the staff pages; the rules themselves live in the models' `clean()` and in staff_services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import Choice, Question, Survey

RESERVED_SLUGS = {"verwalten"}  # staff paths under /umfragen/


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title", "slug", "introduction", "introduction_easy", "opens_at", "closes_at", "project", "access",
            "results_public", "district_sources", "is_poll",
        ]  # fmt: skip
        widgets = {
            "opens_at": DateTimeLocalInput(),
            "closes_at": DateTimeLocalInput(),
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"slug": _("Teil der Adresse: nur Kleinbuchstaben, Ziffern und Bindestriche.")}

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Diese Adresse ist reserviert. Bitte wählen Sie eine andere."))
        return slug

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            # The database constraint's own message, shown at the field instead of above the form.
            (constraint,) = Survey._meta.constraints
            self.add_error("closes_at", constraint.violation_error_message)
        return data

    def validate_constraints(self):
        """The one constraint is checked in clean() at the field."""


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Antwortmöglichkeiten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eine je Zeile, in der gewünschten Reihenfolge. Nur bei Auswahl- und Rangfolge-Fragen."),
    )

    class Meta:
        model = Question
        fields = [
            "kind", "text", "help_text", "required", "choices_text", "allow_other", "scale_min", "scale_max",
            "scale_min_label", "scale_max_label", "number_min", "number_max", "show_if_choice",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.instance
        earlier = Choice.objects.filter(question__survey=question.survey, question__order__lt=question.order)
        self.fields["show_if_choice"].queryset = earlier.select_related("question").order_by(
            "question__order", "order", "id"
        )
        self.fields["show_if_choice"].label_from_instance = lambda c: f"{c.question.text} → {c.text}"
        self.fields["show_if_choice"].empty_label = _("immer zeigen")
        if question.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(question.choices.values_list("text", flat=True))

    def clean_choices_text(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data["choices_text"].splitlines())
        return [line for line in lines if line]

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "choices_text"}
