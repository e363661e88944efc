from django import forms
from django.utils.translation import gettext_lazy as _

from geo.models import Stadtteil
from layers.fields import parse_labels
from layers.importing import SUPPORTED_EXTENSIONS
from layers.models import Layer, NewsItem, Phase, Project

CRS_CHOICES = [
    ("EPSG:4326", _("WGS 84 (Länge/Breite, EPSG:4326)")),
    ("EPSG:25832", _("ETRS89 / UTM 32N (EPSG:25832)")),
    ("EPSG:31467", _("Gauß-Krüger Zone 3 (EPSG:31467)")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProjectFilterForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Thema"), choices=[("", _("alle Themen")), *Project.Topic.choices], required=False
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", _("alle Phasen")), *Phase.Kind.choices], required=False)
    stadtteil = forms.ModelChoiceField(
        label=_("Stadtteil"),
        queryset=Stadtteil.objects.defer("geom", "label_point").order_by("number"),  # a select: names, not polygons
        to_field_name="slug",
        empty_label=_("alle Stadtteile"),
        required=False,
    )


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "slug", "summary", "summary_easy", "topic", "body", "office", "contact_name",
                  "contact_email", "contact_phone", "cover_image", "cover_alt", "ideas_open_from", "ideas_open_until",
                  "moderation"]  # fmt: skip
        widgets = {"ideas_open_from": DateTimeInput(), "ideas_open_until": DateTimeInput()}
        help_texts = {
            "body": _("Markdown: **fett**, *kursiv*, Listen, Links, Tabellen."),
            "ideas_open_until": _("Leer lassen: Ideen bleiben ohne Enddatum möglich."),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("ideas_open_from"), data.get("ideas_open_until")
        if start and end and end <= start:
            self.add_error("ideas_open_until", _("Das Ende muss nach dem Beginn liegen."))
        if data.get("cover_image") and not data.get("cover_alt"):
            self.add_error("cover_alt", _("Bitte das Titelbild kurz beschreiben (für Screenreader)."))
        return data


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = forms.FileField(
        label=_("PDF-Datei"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )
    url = forms.URLField(label=_("oder Link"), required=False, assume_scheme="https")
    order = forms.IntegerField(label=_("Reihenfolge"), min_value=0, initial=0)


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "published_on"]
        widgets = {"published_on": DateInput()}


# What an import sets of the new layer besides its name (layers.services.layer_import's `style`).
IMPORT_STYLE_FIELDS = ("description", "visible_by_default", "stroke_color", "fill_color", "stroke_width", "opacity",
                       "point_symbol", "order")  # fmt: skip


class LayerImportForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Datei"),
        required=False,
        help_text=_("GeoJSON, GeoPackage, Shapefile (als ZIP mit .prj und .cpg), KML oder CSV (WKT oder lon/lat)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )
    staged = forms.CharField(required=False, widget=forms.HiddenInput)
    source_layer = forms.ChoiceField(label=_("Ebene in der Datei"), required=False, choices=[])
    assume_crs = forms.ChoiceField(
        label=_("Koordinatensystem, falls die Datei keines angibt"), choices=CRS_CHOICES, initial="EPSG:4326"
    )
    use_as_area = forms.BooleanField(label=_("Gebiet des Vorhabens aus dieser Ebene übernehmen"), required=False)
    field_labels = forms.CharField(
        label=_("Felder für Bürger:innen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "strasse = Straße\nlaenge_m = Länge (m)"}),
        help_text=_(
            "Eine Zeile je Feld: „Feldname = Bezeichnung“, in der Reihenfolge, in der Bürger:innen sie sehen. "
            "Nicht genannte Felder bleiben verborgen. "
            "Leer lassen: Bezeichnungen werden aus den Feldnamen vorgeschlagen."
        ),
    )

    class Meta:
        model = Layer
        fields = ["name", *IMPORT_STYLE_FIELDS]
        widgets = {"stroke_color": forms.TextInput(attrs={"type": "color"}),
                   "fill_color": forms.TextInput(attrs={"type": "color"})}  # fmt: skip
        help_texts = {"name": _("Leer lassen: der Name der Ebene in der Datei.")}

    def __init__(self, *args, layer_choices: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        if layer_choices:
            self.fields["source_layer"].choices = [(n, n) for n in layer_choices]
        else:
            del self.fields["source_layer"]

    def style(self) -> dict:
        return {name: self.cleaned_data[name] for name in IMPORT_STYLE_FIELDS}

    def clean_field_labels(self) -> list[list[str]]:
        return parse_labels(self.cleaned_data.get("field_labels", ""))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("staged"):
            self.add_error("file", _("Bitte eine Datei auswählen."))
        return data
