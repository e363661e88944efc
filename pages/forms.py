from django import forms
from django.utils.translation import gettext_lazy as _

from pages.models import ContactMessage, LegalPage, SignLanguageVideo


class ContactForm(forms.Form):
    topic = forms.ChoiceField(label=_("Worum geht es?"), choices=ContactMessage.Topic.choices)
    name = forms.CharField(label=_("Ihr Name (freiwillig)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=254,
        help_text=_("Nur für unsere Antwort. Sie wird nicht veröffentlicht."),
    )
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Höchstens 5000 Zeichen."),
    )
    page_url = forms.CharField(
        label=_("Welche Seite ist betroffen? (freiwillig)"),
        max_length=300,
        required=False,
        help_text=_("Zum Beispiel die Adresse der Seite oder ihr Titel."),
    )


class LegalPageForm(forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["title", "body", "title_en", "body_en"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24}), "body_en": forms.Textarea(attrs={"rows": 12})}


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Notiz zur Antwort (intern)"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignLanguageVideoForm(forms.ModelForm):
    MAX_BYTES = 300 * 1024 * 1024

    class Meta:
        model = SignLanguageVideo
        fields = ["video", "captions", "description"]

    def clean_video(self):
        video = self.cleaned_data["video"]
        if video and video.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Das Video ist zu groß (höchstens 300 MB)."))
        return video

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and hasattr(captions, "read"):
            head = captions.read(16)
            captions.seek(0)
            if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                raise forms.ValidationError(
                    _("Die Untertitel müssen eine WebVTT-Datei sein (sie beginnt mit „WEBVTT“).")
                )
        return captions
