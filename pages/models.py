from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalPage(models.Model):
    """One of the pages a German city's site must have; Verwaltung edits the text in the admin, no deploy."""

    class Kind(models.TextChoices):
        IMPRESSUM = "impressum", _("Impressum")
        DATENSCHUTZ = "datenschutz", _("Datenschutzerklärung")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
        NUTZUNG = "nutzungsbedingungen", _("Nutzungsbedingungen und Netiquette")
        KONTAKT = "kontakt", _("Kontakt")

    kind = models.CharField(_("Seite"), max_length=30, choices=Kind.choices, unique=True)
    title = models.CharField(_("Titel"), max_length=120)
    body = models.TextField(
        _("Text"), max_length=60_000, help_text=_("Markdown: ## Überschrift, - Aufzählung, [Link](https://…).")
    )
    title_en = models.CharField(_("Titel (Englisch)"), max_length=120, blank=True)
    body_en = models.TextField(
        _("Text (Englisch)"),
        max_length=60_000,
        blank=True,
        help_text=_("Leer lassen: die englische Seite zeigt den deutschen Text, als deutsch ausgezeichnet."),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("geändert von"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("rechtliche Seite")
        verbose_name_plural = _("rechtliche Seiten")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ContactMessage(models.Model):
    """A message from the contact form; staff answer it by e-mail and mark it answered here."""

    class Topic(models.TextChoices):
        GENERAL = "allgemein", _("Allgemeine Frage")
        ACCESSIBILITY = "barrierefreiheit", _("Barriere melden (Barrierefreiheit)")
        PRIVACY = "datenschutz", _("Datenschutz")
        CONTENT = "inhalt", _("Inhalt oder Beitrag melden")

    topic = models.CharField(_("Thema"), max_length=20, choices=Topic.choices, default=Topic.GENERAL)
    name = models.CharField(_("Name"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254)
    message = models.TextField(_("Nachricht"), max_length=5000)
    page_url = models.CharField(_("betroffene Seite"), max_length=300, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answer_note = models.TextField(_("Notiz zur Antwort"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beantwortet von"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["answered_at", "-created_at"], name="pages_contact_open")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} · {self.created_at:%d.%m.%Y}"


class SignLanguageVideo(models.Model):
    """The start page's video in Deutsche Gebärdensprache (BITV 2.0 § 4); Verwaltung uploads and replaces it."""

    video = models.FileField(
        _("Video (MP4 oder WebM)"), upload_to="gebaerdensprache/",
        validators=[FileExtensionValidator(["mp4", "webm"])],
    )  # fmt: skip
    captions = models.FileField(
        _("Untertitel (WebVTT)"), upload_to="gebaerdensprache/", blank=True,
        validators=[FileExtensionValidator(["vtt"])],
    )  # fmt: skip
    description = models.CharField(
        _("Worum es im Video geht"), max_length=300, help_text=_("Ein Satz für alle, die das Video nicht sehen.")
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Video in Gebärdensprache")
        verbose_name_plural = _("Videos in Gebärdensprache")

    def __str__(self) -> str:
        return self.description
