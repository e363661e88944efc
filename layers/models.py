from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import Stadtteil
from geo.spatial import WGS84


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
        PRE = "pre", _("Vorab-Moderation: erst nach Freigabe öffentlich")
        POST = "post", _("Nachträgliche Moderation: sofort öffentlich")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(unique=True, max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), max_length=600)
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

    class Meta:
        ordering = ["title"]
        verbose_name = _("Vorhaben")
        verbose_name_plural = _("Vorhaben")

    def __str__(self) -> str:
        return self.title

    def accepts_ideas(self, at=None) -> bool:
        """Ideas are open from `ideas_open_from` (required) until `ideas_open_until` (open-ended if empty)."""
        at = at or timezone.now()
        if self.ideas_open_from is None or at < self.ideas_open_from:
            return False
        return self.ideas_open_until is None or at < self.ideas_open_until
