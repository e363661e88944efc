from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from geo.models import Stadtteil
from layers.models import Project
from proposals.models import Category, Idea


class PlainSelect(forms.Select):
    """A select box whose options are written in Python: Django renders every option through a template,
    which made the 200 projects of a filter the largest part of the /ideen/ page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, mark_safe(" selected") if str(option_value) == chosen else "", label)
                for option_value, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class IdeaFilterForm(forms.Form):
    """The filters of the map and the list (GET), the same names as the API's."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=_("Kategorie"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("alle Kategorien"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("alle")), *Idea.Status.choices])
    district = forms.TypedChoiceField(label=_("Stadtteil"), required=False, coerce=int, empty_value=None)
    project = forms.ModelChoiceField(
        label=_("Vorhaben"),
        queryset=Project.objects.only("id", "slug", "title"),
        to_field_name="slug",
        required=False,
        empty_label=_("alle Vorhaben"),
        widget=PlainSelect,
    )

    def __init__(self, *args, stadtteile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("alle Stadtteile"))] + [(s.number, str(s)) for s in stadtteile]


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=120, min_length=5)
    description = forms.CharField(label=_("Beschreibung"), max_length=4000, min_length=10, widget=forms.Textarea)
    category = forms.ModelChoiceField(label=_("Kategorie"), queryset=Category.objects.filter(is_active=True))
    project = forms.ModelChoiceField(label=_("Vorhaben (freiwillig)"), queryset=Project.objects.none(), required=False)
    lon = forms.FloatField(label=_("Längengrad"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Breitengrad"), min_value=-90, max_value=90)
    photo = forms.ImageField(label=_("Foto (freiwillig, JPEG/PNG/WebP, bis 8 MB)"), required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ihr Kommentar"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Grund"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("freigeben")), ("reject", _("ablehnen")), ("hide", _("ausblenden"))]
    )
    reason = forms.CharField(
        label=_("Begründung"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class QueueFilterForm(forms.Form):
    """Filters of the moderation queue (GET)."""

    AGES = [("", _("alle")), ("1", _("älter als 1 Tag")), ("3", _("älter als 3 Tage")), ("7", _("älter als 7 Tage"))]

    project = forms.ModelChoiceField(
        label=_("Vorhaben"),
        queryset=Project.objects.only("id", "title").order_by("title"),
        required=False,
        widget=PlainSelect,
    )
    stadtteil = forms.ModelChoiceField(
        label=_("Stadtteil"), queryset=Stadtteil.objects.only("id", "number", "name").order_by("number"), required=False
    )
    age = forms.TypedChoiceField(label=_("Alter"), choices=AGES, required=False, coerce=int, empty_value=None)


class BulkModerationForm(forms.Form):
    """Ideas picked in the queue (check boxes, or one idea's own button "one" = "action:id") and the action."""

    ACTIONS = [("approve", _("freigeben")), ("reject", _("ablehnen")), ("hide", _("ausblenden"))]

    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    action = forms.ChoiceField(label=_("Aktion"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Begründung"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and data.get("one"):
            action, _sep, pk = data["one"].partition(":")
            data = data.copy()
            data.setlist("ids", [pk])
            data["action"] = action
        super().__init__(data, **kwargs)
        # Any number is a choice here; whether the idea exists and waits is checked against the database.
        self.fields["ids"].choices = [(v, v) for v in (data.getlist("ids") if data is not None else [])]

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if not ids:
            raise forms.ValidationError(_("Bitte wählen Sie mindestens eine Idee."))
        return ids


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    answer = forms.CharField(
        label=_("Antwort der Stadt"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
