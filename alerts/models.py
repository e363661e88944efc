"""Alerts: who follows which area (Subscription), what happened where (Event), and who was told (Delivery).

An area is kept as a geometry in EPSG:25832 for matching (GiST), so "does this plan touch my area" is one
indexed ST_Intersects in metres; Stadtteil and Ortsbezirk subscriptions match through the Stadtteile an event
touches (`Event.stadtteil_ids`, computed once per event), which is the same intersection, done 18 times
instead of once per subscriber. docs/alerts.md.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import Ortsbezirk, Stadtteil
from geo.spatial import UTM32, WGS84


class EventKind(models.TextChoices):
    PROJECT = "project", _("Neues Vorhaben")
    PHASE = "phase", _("Neue Phase eines Vorhabens")
    LAYER = "layer", _("Neue Planebene")
    PARTICIPATION = "participation", _("Beteiligung beginnt")
    CLOSING = "closing", _("Beteiligung endet bald")
    RESULTS = "results", _("Ergebnisse und Entscheidungen")
    IDEAS = "ideas", _("Neue Ideen in der Nähe")


class Subscription(models.Model):
    class Area(models.TextChoices):
        STADTTEIL = "stadtteil", _("Stadtteil")
        ORTSBEZIRK = "ortsbezirk", _("Ortsbezirk")
        DRAWN = "drawn", _("gezeichnete Fläche")
        RADIUS = "radius", _("Umkreis einer Adresse")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("sofort")
        DAILY = "daily", _("täglich (Zusammenfassung)")
        WEEKLY = "weekly", _("wöchentlich (Zusammenfassung)")

    # An account's subscription is mailed to the account's address; without an account only `email` is kept.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="alert_subscriptions"
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    area_kind = models.CharField(_("Gebiet"), max_length=10, choices=Area.choices)
    stadtteil = models.ForeignKey(Stadtteil, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    ortsbezirk = models.ForeignKey(Ortsbezirk, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Drawn area or address radius: shown on maps (4326) and matched (25832); both written by the services.
    area = models.MultiPolygonField(srid=WGS84, null=True, blank=True)
    area_utm = models.MultiPolygonField(srid=UTM32, null=True, blank=True)
    label = models.CharField(_("Bezeichnung"), max_length=300)
    radius_m = models.PositiveIntegerField(_("Umkreis in Metern"), null=True, blank=True)
    topics = ArrayField(models.CharField(max_length=50), default=list, blank=True, verbose_name=_("Themen"))
    kinds = ArrayField(
        models.CharField(max_length=20, choices=EventKind.choices), default=list, blank=True, verbose_name=_("Arten")
    )
    frequency = models.CharField(_("Zustellung"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    language = models.CharField(max_length=8, default="de")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        indexes = [
            models.Index(fields=["stadtteil"], condition=Q(confirmed_at__isnull=False), name="alert_sub_stadtteil"),
            models.Index(fields=["ortsbezirk"], condition=Q(confirmed_at__isnull=False), name="alert_sub_ortsbezirk"),
            models.Index(fields=["email"], name="alert_sub_email"),
            models.Index(fields=["created_at"], condition=Q(confirmed_at__isnull=True), name="alert_sub_unconfirmed"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(email=""), name="alert_sub_has_recipient"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def recipient(self) -> str:
        return self.user.email if self.user is not None else self.email


class Event(models.Model):
    """Something that happened somewhere; `key` makes recording idempotent (one row per thing and kind)."""

    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # Digests group by this: every change of one project (its phases, layers, surveys) is one entry.
    group_key = models.CharField(max_length=100)
    group_title = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    # Kind-specific: the phase ("beteiligung"), "survey" or "poll", the new status of an idea.
    detail = models.CharField(max_length=50, blank=True)
    url = models.CharField(max_length=300)
    topic = models.CharField(max_length=50, blank=True)
    geom = models.GeometryField(srid=WGS84)
    geom_utm = models.GeometryField(srid=UTM32)
    stadtteil_ids = ArrayField(models.IntegerField(), default=list)
    occurred_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    matched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("Ereignis")
        verbose_name_plural = _("Ereignisse")
        indexes = [
            GinIndex(fields=["stadtteil_ids"], name="alert_event_stadtteile"),
            models.Index(fields=["-occurred_at", "-id"], name="alert_event_recent"),
            models.Index(fields=["created_at"], condition=Q(matched_at__isnull=True), name="alert_event_unmatched"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event for one subscription; `sent_at` stays empty until its mail went out, so a failed mail is
    sent again by the next run instead of being lost."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        constraints = [models.UniqueConstraint(fields=["subscription", "event"], name="alert_delivery_once")]
        indexes = [
            models.Index(fields=["subscription", "created_at"], condition=Q(sent_at__isnull=True), name="alert_pending")
        ]
