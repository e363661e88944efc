from datetime import date

from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import Stadtteil
from geo.spatial import WGS84
from pages.leichte_sprache import easy_text_field

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Bitte eine Farbe im Format #RRGGBB angeben."))


class Project(models.Model):
    """A planning project (Vorhaben) of the city; ideas and surveys can belong to one."""

    class Topic(models.TextChoices):
        STADTPLANUNG = "stadtplanung", _("Stadtplanung")
        VERKEHR = "verkehr", _("Verkehr")
        FREIZEIT = "freizeit", _("Freizeit")
        UMWELT = "umwelt", _("Umwelt und Klima")
        SOZIALES = "soziales", _("Soziales")
        BILDUNG = "bildung", _("Bildung")
        WIRTSCHAFT = "wirtschaft", _("Wirtschaft")

    class Moderation(models.TextChoices):
        PRE = "pre", _("Beiträge erscheinen, nachdem die Stadt sie geprüft hat")
        POST = "post", _("Beiträge erscheinen sofort; die Stadt prüft sie danach")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(unique=True, max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), max_length=600)
    summary_easy = easy_text_field(_("Zusammenfassung in Leichter Sprache"))
    topic = models.CharField(_("Thema"), max_length=20, choices=Topic.choices)
    area = models.GeometryField(_("Gebiet"), srid=WGS84, null=True, blank=True)
    # Derived from `area` when the project is saved through layers.services; kept for fast filtering.
    stadtteile = models.ManyToManyField(Stadtteil, blank=True, related_name="projects", verbose_name=_("Stadtteile"))
    ideas_open_from = models.DateTimeField(_("Ideen möglich ab"), null=True, blank=True)
    ideas_open_until = models.DateTimeField(_("Ideen möglich bis"), null=True, blank=True)
    moderation = models.CharField(_("Moderation"), max_length=4, choices=Moderation.choices, default=Moderation.PRE)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    body = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    office = models.CharField(_("Zuständige Stelle"), max_length=200, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    cover_image = models.ImageField(_("Titelbild"), upload_to="projects/covers/", blank=True)
    cover_alt = models.CharField(_("Bildbeschreibung (Alternativtext)"), max_length=300, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("Vorhaben")
        verbose_name_plural = _("Vorhaben")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("layers:project-detail", kwargs={"slug": self.slug})

    def accepts_ideas(self, at=None) -> bool:
        """Ideas are open from `ideas_open_from` (required) until `ideas_open_until` (open-ended if empty)."""
        at = at or timezone.now()
        if self.ideas_open_from is None or at < self.ideas_open_from:
            return False
        return self.ideas_open_until is None or at < self.ideas_open_until

    def current_phase(self, today: date | None = None) -> "Phase | None":
        """The latest-started phase that is running today (same rule as selectors.current_phase_kind)."""
        today = today or timezone.localdate()
        running = [p for p in self.phases.all() if p.is_running(today)]
        return max(running, key=lambda p: p.starts_on, default=None)


class Phase(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        BETEILIGUNG = "beteiligung", _("Beteiligung")
        AUSWERTUNG = "auswertung", _("Auswertung")
        UMSETZUNG = "umsetzung", _("Umsetzung")
        ABGESCHLOSSEN = "abgeschlossen", _("Abgeschlossen")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("Phase"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("Beginn"))
    # Empty: runs until a later phase starts (or for good, e.g. "Abgeschlossen").
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=1000)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.starts_on:%d.%m.%Y})"

    def is_running(self, today: date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)

    def is_past(self, today: date) -> bool:
        return self.ends_on is not None and self.ends_on < today


class Document(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("PDF-Datei"), upload_to="projects/documents/", blank=True)
    url = models.URLField(_("Link"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="document_is_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class NewsItem(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="news")
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text (Markdown)"))
    published_on = models.DateField(_("Veröffentlicht am"), default=timezone.localdate)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")

    def __str__(self) -> str:
        return self.title


class Layer(models.Model):
    """A map layer of a project, with its style; its features are usually imported from a planner's file."""

    class Symbol(models.TextChoices):
        CIRCLE = "circle", _("Kreis")
        SQUARE = "square", _("Quadrat")
        DIAMOND = "diamond", _("Raute")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="layers")
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    visible_by_default = models.BooleanField(_("Anfangs sichtbar"), default=True)
    stroke_color = models.CharField(_("Linienfarbe"), max_length=7, default="#1d4f91", validators=[hex_colour])
    fill_color = models.CharField(_("Füllfarbe"), max_length=7, default="#4a90d9", validators=[hex_colour])
    stroke_width = models.FloatField(
        _("Linienbreite (px)"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    opacity = models.FloatField(
        _("Deckkraft der Füllung"),
        default=0.3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    point_symbol = models.CharField(_("Punktsymbol"), max_length=10, choices=Symbol.choices, default=Symbol.CIRCLE)
    source_name = models.CharField(_("Quelldatei"), max_length=255, blank=True)
    feature_count = models.PositiveIntegerField(_("Anzahl Objekte"), default=0, editable=False)
    # While the project's participation phase runs, citizens may respond to each feature (the feedback app).
    feedback_open = models.BooleanField(_("offen für Rückmeldungen"), default=False)
    # [[column, label], …] in display order (layers.fields); columns not listed are not shown to residents.
    field_labels = models.JSONField(_("Felder für Bürger:innen"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("Kartenebene")
        verbose_name_plural = _("Kartenebenen")

    def __str__(self) -> str:
        return f"{self.project}: {self.name}"

    def labelled_attributes(self, attributes: dict) -> list[tuple[str, object]]:
        from layers.fields import labelled

        return labelled(attributes, self.field_labels)

    @property
    def style(self) -> dict:
        return {
            "stroke_color": self.stroke_color,
            "fill_color": self.fill_color,
            "stroke_width": self.stroke_width,
            "opacity": self.opacity,
            "point_symbol": self.point_symbol,
        }


class Feature(models.Model):
    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="features")
    geom = models.GeometryField(srid=WGS84)  # any type; spatial_index (GiST) is on by default
    # JSON keeps the source's types (numbers, booleans, strings, ISO dates).
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Objekt")
        verbose_name_plural = _("Objekte")

    def __str__(self) -> str:
        return f"{self.layer.name} #{self.pk}"
