from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import EventKind, Subscription
from alerts.services import RADII, topic_choices
from geo.models import Ortsbezirk, Stadtteil


class _Choices(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Nur zu diesen Themen (leer: alle)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label=_("Nur diese Arten von Neuigkeiten (leer: alle)"),
        required=False,
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label=_("Wie oft?"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.DAILY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices()


class AreaForm(forms.Form):
    """The area of a subscription: chosen when subscribing, and changed later on its own page."""

    area_kind = forms.ChoiceField(
        label=_("Welches Gebiet?"), choices=Subscription.Area.choices, widget=forms.RadioSelect
    )
    stadtteil = forms.ModelChoiceField(
        label=_("Stadtteil"), queryset=Stadtteil.objects.defer("geom"), required=False, to_field_name="slug"
    )
    ortsbezirk = forms.ModelChoiceField(
        label=_("Ortsbezirk"), queryset=Ortsbezirk.objects.defer("geom"), required=False, to_field_name="slug"
    )
    area = forms.CharField(
        label=_("Gezeichnete Fläche (GeoJSON)"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 2, "data-role": "geojson"}),
        help_text=_("Wird von der Karte ausgefüllt."),
    )
    address = forms.CharField(label=_("Adresse oder Straße in Kaiserslautern"), required=False, max_length=200)
    radius_m = forms.TypedChoiceField(
        label=_("Umkreis"),
        choices=[(r, f"{r} m") for r in RADII],
        coerce=int,
        initial=500,
        required=False,
    )

    def clean(self):
        data = super().clean()
        kind = data.get("area_kind")
        required = {
            Subscription.Area.STADTTEIL: ("stadtteil", _("Bitte wählen Sie einen Stadtteil.")),
            Subscription.Area.ORTSBEZIRK: ("ortsbezirk", _("Bitte wählen Sie einen Ortsbezirk.")),
            Subscription.Area.DRAWN: ("area", _("Bitte zeichnen Sie eine Fläche auf der Karte.")),
            Subscription.Area.RADIUS: ("address", _("Bitte geben Sie eine Adresse an.")),
        }
        if kind in required:
            name, message = required[kind]
            if not data.get(name):
                self.add_error(name, message)
        return data


class SubscriptionForm(AreaForm, _Choices):
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=254,
        help_text=_("Wir schicken Ihnen einen Link zur Bestätigung. Weitere Angaben brauchen wir nicht."),
    )
    field_order = ["email", "area_kind", "stadtteil", "ortsbezirk", "area", "address", "radius_m"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["email"]


class SubscriptionChangeForm(_Choices):
    pass
