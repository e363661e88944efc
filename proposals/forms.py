from django import forms
from django.utils.translation import gettext_lazy as _

from layers.models import Project
from proposals.models import Category, Idea


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
        queryset=Project.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("alle Vorhaben"),
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


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    answer = forms.CharField(
        label=_("Antwort der Stadt"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
