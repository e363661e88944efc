from django import forms
from django.utils.translation import gettext_lazy as _

from bauleitplanung.models import PlanDocument, PlanVersion, Statement, Step
from bauleitplanung.services.attachments import MAX_ATTACHMENTS, MAX_PDF_BYTES
from bauleitplanung.services.statements import TEXT_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """A statement's attachments, several files in one input; the service checks their kind, size and number
    (bauleitplanung.services.attachments), the help text names the rule."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"})
        )
        super().__init__(
            label=_("Anhänge (optional)"), required=False,
            help_text=_("Höchstens %(n)d Dateien: PDF bis %(mb)d MB oder Fotos (JPEG, PNG, WebP) bis 8 MB.")
            % {"n": MAX_ATTACHMENTS, "mb": MAX_PDF_BYTES // (1024 * 1024)}, **kwargs,
        )  # fmt: skip

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class StatementForm(forms.Form):
    """A statement of the public; the rules (period, contact, place, references) live in the service."""

    text = forms.CharField(label=_("Ihre Stellungnahme"), widget=forms.Textarea(attrs={"rows": 10}),
                           max_length=TEXT_MAX)  # fmt: skip
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-Mail-Adresse"), required=False,
                             help_text=_("Für die Eingangsbestätigung und das Ergebnis."))  # fmt: skip
    address = forms.CharField(label=_("Postanschrift (statt E-Mail)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    document = forms.ModelChoiceField(
        label=_("Bezug auf ein Dokument (optional)"), queryset=PlanDocument.objects.none(), required=False
    )
    page = forms.IntegerField(label=_("Seite"), required=False, min_value=1, max_value=10000)
    attachments = AttachmentsField()
    feature = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)

    def __init__(self, *args, procedure, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = PlanDocument.objects.filter(version__procedure=procedure)
        if signed_in:
            for name in ("name", "email", "address"):
                del self.fields[name]


class StatementRecordForm(forms.Form):
    """Staff: a statement by letter, e-mail, Niederschrift, or a late one."""

    step = forms.ModelChoiceField(label=_("Verfahrensschritt"), queryset=None)
    channel = forms.ChoiceField(
        label=_("Eingangsweg"),
        choices=[(c.value, c.label) for c in (*Statement.STAFF_CHANNELS, Statement.Channel.ONLINE)],
    )
    received_at = forms.DateTimeField(label=_("Eingang am (Datum und Uhrzeit)"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))  # fmt: skip
    text = forms.CharField(label=_("Stellungnahme"), widget=forms.Textarea(attrs={"rows": 10}), max_length=TEXT_MAX)
    name = forms.CharField(label=_("Name oder Behörde"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-Mail-Adresse"), required=False)
    address = forms.CharField(label=_("Postanschrift"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    attachments = AttachmentsField()

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = procedure.steps.all()


class DocumentForm(forms.Form):
    # Without a choice: the newest version.
    version = forms.ModelChoiceField(label=_("Planfassung"), queryset=PlanVersion.objects.none(), empty_label=None,
                                     required=False)  # fmt: skip
    kind = forms.ChoiceField(label=_("Art"), choices=PlanDocument.Kind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = forms.FileField(label=_("PDF-Datei"))

    def __init__(self, *args, procedure=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any version of this procedure, the newest first (the default): documents of an earlier one too.
        if procedure is not None:
            self.fields["version"].queryset = procedure.versions.order_by("-number")


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("XPlanGML-Datei"), help_text=_("XPlanung 6.0, 5.x oder 4.1; höchstens 50 MB."))


def DateInput() -> forms.DateInput:  # noqa: N802 (a widget, named like one)
    # A date input reads and shows ISO dates, whatever the language's date format is.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepForm(forms.Form):
    """A step of the procedure with its period and Bekanntmachung; the legal rules live in the service."""

    kind = forms.ChoiceField(label=_("Verfahrensschritt"), choices=Step.Kind.choices)
    starts_on = forms.DateField(label=_("Erster Tag"), widget=DateInput())
    ends_on = forms.DateField(label=_("Letzter Tag (bis 23:59:59 Uhr)"), widget=DateInput(),
                              help_text=_("Eine Veröffentlichung (§ 3 Abs. 2 BauGB) dauert mindestens einen Monat, "
                                          "mindestens 30 Tage; der erste Tag zählt mit."))  # fmt: skip
    notice_date = forms.DateField(label=_("Bekanntmachung am"), required=False,
                                  widget=DateInput())  # fmt: skip
    notice_text = forms.CharField(label=_("Text der Bekanntmachung"), required=False, max_length=20000,
                                  widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    plan_version = forms.ModelChoiceField(label=_("Planfassung"), queryset=PlanVersion.objects.none(), required=False)

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_version"].queryset = procedure.versions.order_by("-number")
