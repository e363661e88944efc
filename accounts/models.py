from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from geo.models import Stadtteil


class User(AbstractUser):
    """A citizen or a member of staff. Staff roles are groups (see accounts.roles)."""

    display_name = models.CharField(
        _("öffentlicher Name"),
        max_length=80,
        blank=True,
        help_text=_("So erscheinen Sie bei Ideen und Kommentaren. Leer lassen, um als „anonym“ zu erscheinen."),
    )
    home_stadtteil = models.ForeignKey(
        Stadtteil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Wohn-Stadtteil"),
        help_text=_("Freiwillig: hilft, Ergebnisse nach Stadtteilen auszuwerten."),
    )
    terms_accepted_at = models.DateTimeField(_("Nutzungsbedingungen akzeptiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")

    @property
    def public_name(self) -> str:
        return self.display_name or str(_("anonym"))


class ApiToken(models.Model):
    """A key for GIS clients and scripts: limited to a scope and a date, revocable, stored only as its hash."""

    class Scope(models.TextChoices):
        GIS_READ = "gis_read", _("GIS-Daten lesen")
        PARTICIPATE = "participate", _("Beteiligen (lesen und schreiben)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Bezeichnung"), max_length=80)
    # SHA-256 of a random 160-bit key: a slow hash buys nothing against a key that cannot be guessed.
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("Umfang"), max_length=20, choices=Scope.choices, default=Scope.GIS_READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self) -> str:
        return self.name
