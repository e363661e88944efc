from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from geo.spatial import WGS84


class Area(models.Model):
    """What both district levels have: a page (slug), an outline and its size."""

    slug = models.SlugField(unique=True)
    geom = models.MultiPolygonField(_("Fläche"), srid=WGS84)
    area_m2 = models.FloatField(_("Fläche in m²"))

    class Meta:
        abstract = True


class Ortsbezirk(Area):
    """The political level: the Innenstadt (Stadtteile 1–9) and nine Ortsbezirke with an Ortsbeirat.

    Its geometry is the union of its Stadtteile, so the two levels always agree.
    """

    name = models.CharField(_("Name"), max_length=100, unique=True)
    has_ortsbeirat = models.BooleanField(_("hat einen Ortsbeirat"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ortsbezirk")
        verbose_name_plural = _("Ortsbezirke")

    def __str__(self) -> str:
        return self.name


class Stadtteil(Area):
    """One of the 18 statistical districts, numbered 1–18 by the city."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    name = models.CharField(_("Name"), max_length=100)
    long_name = models.CharField(_("voller Name"), max_length=150)
    ortsbezirk = models.ForeignKey(
        Ortsbezirk, on_delete=models.PROTECT, related_name="stadtteile", verbose_name=_("Ortsbezirk")
    )
    population = models.PositiveIntegerField(_("Einwohner:innen"), null=True, blank=True)
    label_point = models.PointField(_("Beschriftungspunkt"), srid=WGS84)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("stadtteil", kwargs={"slug": self.slug})

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1e6

    @property
    def density(self) -> float | None:
        """Inhabitants per km²."""
        return self.population / self.area_km2 if self.population else None


class CityBoundary(models.Model):
    """The city boundary: the union of the Stadtteile (one row)."""

    name = models.CharField(max_length=100, default="Kaiserslautern")
    ags = models.CharField(_("Gemeindeschlüssel"), max_length=8, default="07312000")
    geom = models.MultiPolygonField(srid=WGS84)
    area_m2 = models.FloatField()

    class Meta:
        verbose_name = _("Stadtgrenze")
        verbose_name_plural = _("Stadtgrenze")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A gazetteer entry (OpenStreetMap 2013): a named place, a street or an address."""

    class Kind(models.TextChoices):
        PLACE = "place", _("Ort")
        STREET = "street", _("Straße")
        ADDRESS = "address", _("Adresse")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    housenumber = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=5, blank=True)
    category = models.CharField(max_length=50, blank=True)
    label = models.CharField(max_length=300)
    # Lower case, umlauts transliterated, "Str." spelled out: see geo.text.normalize.
    search_text = models.CharField(max_length=300)
    location = models.PointField(srid=WGS84)
    line = models.MultiLineStringField(srid=WGS84, null=True, blank=True)
    stadtteil = models.ForeignKey(Stadtteil, on_delete=models.SET_NULL, null=True, blank=True)
    osm_id = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("Ortsverzeichnis-Eintrag")
        verbose_name_plural = _("Ortsverzeichnis")
        indexes = [GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="geo_place_search_trgm")]

    def __str__(self) -> str:
        return self.label
