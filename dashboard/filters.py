"""The filters every dashboard view shares, parsed from the query string by a form (errors in German)."""

import calendar
from dataclasses import asdict, dataclass, replace
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from edge.fields import posted_id
from edge.widgets import LeanSelect
from layers.models import Project
from proposals.models import Category, Idea
from surveys.kinds import kind_names
from surveys.models import Choice, Question, Survey

MAPPED_KINDS = kind_names(has_choices=True) | kind_names(is_map=True)  # questions the district maps can show

GRID_MIN_M, GRID_MAX_M, GRID_DEFAULT_M = 100, 2000, 500
# The cell sizes for viewers without exact numbers: nested squares (each cell is four of the next smaller),
# so one size adds nothing to another but sums (docs/privacy.md, "Windows and grid sizes").
FIXED_GRID_M = (250, 500, 1000, 2000)


class Level:
    STADTTEIL = "stadtteil"
    ORTSBEZIRK = "ortsbezirk"
    CHOICES = [(STADTTEIL, _("18 Stadtteile")), (ORTSBEZIRK, _("10 Ortsbezirke"))]


class Measure:
    IDEAS = "ideas"
    IDEAS_PER_1000 = "ideas_per_1000"
    SUPPORTS = "supports"
    RESPONSES = "responses"
    SHARE = "share"
    CHOICES = [
        (IDEAS, _("Ideen")),
        (IDEAS_PER_1000, _("Ideen je 1.000 Einwohner:innen")),
        (SUPPORTS, _("Unterstützungen")),
        (RESPONSES, _("Umfrage-Teilnahmen")),
        (SHARE, _("Anteil der gewählten Antwort")),
    ]
    LABELS = dict(CHOICES)


@dataclass(frozen=True)
class Filters:
    level: str = Level.STADTTEIL
    measure: str = Measure.IDEAS
    project_id: int | None = None
    survey_id: int | None = None
    question_id: int | None = None
    choice_id: int | None = None
    category_id: int | None = None
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    cell_m: int = GRID_DEFAULT_M
    hexagons: bool = False

    def key(self) -> dict:
        return asdict(self)

    def fixed(self) -> "Filters":
        """The filters as someone without exact numbers gets them: one calendar month (the month of the chosen
        start, else of the end) instead of a free date range, and the nearest of the fixed grid sizes.

        Free windows would let a reader average: every window is a new set of people with fresh noise, so
        the differences of many windows that share their start or end converge on exact daily counts. With
        whole months, each month is one cell with one noise, and a range of months cannot be asked for."""
        anchor = self.date_from or self.date_to
        start = end = None
        if anchor:
            start = anchor.replace(day=1)
            end = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
        cell = min(FIXED_GRID_M, key=lambda size: (abs(size - self.cell_m), size))
        return replace(self, date_from=start, date_to=end, cell_m=cell)

    @property
    def month(self) -> date | None:
        """The month of a one-month window (first day), else None."""
        start, end = self.date_from, self.date_to
        if start and end and start.day == 1 and (start.year, start.month) == (end.year, end.month):
            last = calendar.monthrange(start.year, start.month)[1]
            return start if end.day == last else None
        return None


class FilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Gebietsebene"), choices=Level.CHOICES, required=False, widget=LeanSelect)
    measure = forms.ChoiceField(
        label=_("Kennzahl der Karte"), choices=Measure.CHOICES, required=False, widget=LeanSelect
    )
    # Only what the options show: a project's area and texts would be read for each of its 200 options.
    project = forms.ModelChoiceField(
        label=_("Vorhaben"), queryset=Project.objects.only("title").order_by("title"), required=False, widget=LeanSelect
    )
    category = forms.ModelChoiceField(
        label=_("Kategorie"), queryset=Category.objects.all(), required=False, widget=LeanSelect
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("alle")), *Idea.Status.choices], required=False, widget=LeanSelect
    )
    date_from = forms.DateField(label=_("von"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    survey = forms.ModelChoiceField(
        label=_("Umfrage"), queryset=Survey.objects.only("title").order_by("title"), required=False, widget=LeanSelect
    )
    question = forms.ModelChoiceField(
        label=_("Frage"),
        queryset=Question.objects.filter(kind__in=MAPPED_KINDS).select_related("survey"),
        required=False,
        widget=LeanSelect,
    )
    choice = forms.ModelChoiceField(
        label=_("Antwort"), queryset=Choice.objects.select_related("question"), required=False, widget=LeanSelect
    )
    cell = forms.IntegerField(
        label=_("Zellgröße (m)"), min_value=GRID_MIN_M, max_value=GRID_MAX_M, required=False, initial=GRID_DEFAULT_M
    )
    shape = forms.ChoiceField(
        label=_("Zellform"),
        choices=[("square", _("Quadrate")), ("hexagon", _("Sechsecke"))],
        required=False,
        widget=LeanSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].label_from_instance = lambda q: q.text
        self.fields["choice"].label_from_instance = lambda c: f"{c.question.text}: {c.text}"
        self._follow_survey()

    def _follow_survey(self) -> None:
        """Limit the questions to the chosen survey's and the answers to the chosen question's (or the survey's),
        so the lists stay short and a question or answer from elsewhere is refused with a clear message.
        Without a survey, the survey of the chosen question or answer counts: older links name only those."""
        question_field, choice_field = self.fields["question"], self.fields["choice"]
        survey_id = self._raw_pk("survey")
        if survey_id is None and (question_id := self._raw_pk("question")):
            survey_id = Question.objects.filter(pk=question_id).values_list("survey_id", flat=True).first()
        if survey_id is None and (choice_id := self._raw_pk("choice")):
            survey_id = Choice.objects.filter(pk=choice_id).values_list("question__survey_id", flat=True).first()
        if survey_id is None:
            question_field.queryset = question_field.queryset.none()
            choice_field.queryset = choice_field.queryset.none()
            return
        question_field.queryset = question_field.queryset.filter(survey_id=survey_id)
        question_field.error_messages["invalid_choice"] = _("Diese Frage gehört nicht zur gewählten Umfrage.")
        question_id = self._raw_pk("question")
        if question_id and question_field.queryset.filter(pk=question_id).exists():
            choice_field.queryset = choice_field.queryset.filter(question_id=question_id)
            choice_field.error_messages["invalid_choice"] = _("Diese Antwort gehört nicht zur gewählten Frage.")
        else:
            choice_field.queryset = choice_field.queryset.filter(question__in=question_field.queryset)
            choice_field.error_messages["invalid_choice"] = _("Diese Antwort gehört nicht zur gewählten Umfrage.")

    def _raw_pk(self, name: str) -> int | None:
        value = str(self.data.get(self.add_prefix(name), "")) if self.is_bound else ""
        return posted_id(value)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        if data.get("measure") == Measure.SHARE and not data.get("choice"):
            self.add_error("choice", _("Für den Anteil einer Antwort wählen Sie bitte eine Antwort."))
        return data

    def filters(self) -> Filters:
        """The valid filters; call after is_valid(). An invalid form gives the defaults."""
        data = self.cleaned_data if self.is_valid() else {}
        choice = data.get("choice")
        question = data.get("question") or (choice.question if choice else None)
        survey = data.get("survey") or (question.survey if question else None)
        return Filters(
            level=data.get("level") or Level.STADTTEIL,
            measure=data.get("measure") or Measure.IDEAS,
            project_id=data["project"].pk if data.get("project") else None,
            survey_id=survey.pk if survey else None,
            question_id=question.pk if question else None,
            choice_id=choice.pk if choice else None,
            category_id=data["category"].pk if data.get("category") else None,
            status=data.get("status") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            cell_m=data.get("cell") or GRID_DEFAULT_M,
            hexagons=data.get("shape") == "hexagon",
        )


# Filters that only change a map: not shown on views without that map (kept as hidden fields, so switching
# views keeps them).
HIDDEN_FILTERS = {
    "districts": {"cell", "shape"},
    "density": {"level", "measure"},
    "trends": {"level", "measure", "cell", "shape"},
}
