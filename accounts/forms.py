from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken
from accounts.tokens import MAX_DAYS
from geo.models import Stadtteil


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("öffentlicher Name"),
        max_length=80,
        required=False,
        help_text=_("So erscheinen Sie bei Ideen und Kommentaren. Leer lassen, um als „anonym“ zu erscheinen."),
    )
    home_stadtteil = forms.ModelChoiceField(
        label=_("Wohn-Stadtteil (freiwillig)"),
        queryset=Stadtteil.objects.order_by("number"),
        required=False,
        empty_label=_("keine Angabe"),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Ihr Passwort zur Bestätigung"), widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort stimmt nicht."))
        return password


class SignupTermsForm(forms.Form):
    """allauth's sign-up (ACCOUNT_SIGNUP_FORM_CLASS): the terms must be accepted; when is kept with the account."""

    accept_terms = forms.BooleanField(
        label=_("Ich habe die Datenschutzerklärung gelesen und akzeptiere die Nutzungsbedingungen."),
        error_messages={"required": _("Bitte akzeptieren Sie die Nutzungsbedingungen, um ein Konto anzulegen.")},
    )

    def signup(self, request, user) -> None:
        from accounts.services import terms_accept

        terms_accept(user=user)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Bezeichnung"), max_length=80, help_text=_("Zum Beispiel „QGIS im Büro“."))
    scope = forms.ChoiceField(label=_("Umfang"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.GIS_READ)
    days = forms.IntegerField(label=_("gültig für Tage"), min_value=1, max_value=MAX_DAYS, initial=90)
