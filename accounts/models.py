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
