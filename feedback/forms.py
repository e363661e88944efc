from django import forms
from django.utils.translation import gettext_lazy as _

from edge.fields import POINT_PAIR
from feedback.models import Feedback
from feedback.services.feedback import TEXT_MAX
from geo.models import Stadtteil


class FeedbackForm(forms.Form):
    opinion = forms.ChoiceField(label=_("Ihre Meinung"), choices=Feedback.Opinion.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Ihr Kommentar"), widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}), max_length=TEXT_MAX
    )
    lon = forms.FloatField(label=_("Länge (optional)"), required=False, widget=forms.HiddenInput)
    lat = forms.FloatField(label=_("Breite (optional)"), required=False, widget=forms.HiddenInput)
    photo = forms.ImageField(label=_("Foto (optional)"), required=False)

    def clean(self):
        data = super().clean()
        if (data.get("lon") is None) != (data.get("lat") is None):
            raise forms.ValidationError(POINT_PAIR)
        return data


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Was verstößt gegen die Regeln?"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)  # fmt: skip


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Entscheidung"), choices=[("", "—"), *Feedback.Decision.choices])
    decision_reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("freigeben")), ("reject", _("ablehnen")), ("hide", _("ausblenden")),
                 ("resolve", _("Meldungen erledigt"))]
    )  # fmt: skip
    reason = forms.CharField(label=_("Begründung"), required=False, max_length=1000)


STATE_CHOICES = [
    ("", _("alle")),
    ("pending", _("wartet auf Freigabe")),
    ("open", _("noch nicht abgewogen")),
    ("weighed", _("abgewogen")),
    ("unreleased", _("abgewogen, noch nicht veröffentlicht")),
    ("released", _("veröffentlicht")),
    ("reported", _("gemeldet")),
]


class ReviewFilterForm(forms.Form):
    layer = forms.TypedChoiceField(label=_("Kartenebene"), required=False, coerce=int, empty_value=None)
    feature = forms.IntegerField(label=_("Objekt-Nr."), required=False, min_value=1, max_value=2**31 - 1)
    opinion = forms.ChoiceField(
        label=_("Meinung"), required=False, choices=[("", _("alle")), *Feedback.Opinion.choices]
    )
    stadtteil = forms.TypedChoiceField(label=_("Stadtteil"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("Stand"), required=False, choices=STATE_CHOICES)

    def __init__(self, *args, layers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layer"].choices = [("", _("alle")), *[(layer.pk, layer.name) for layer in layers]]
        self.fields["stadtteil"].choices = [
            ("", _("alle")), *Stadtteil.objects.order_by("number").values_list("number", "name")
        ]  # fmt: skip
