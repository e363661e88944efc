from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BauleitplanungConfig(AppConfig):
    """The formal procedure (§§ 3, 4, 4a BauGB); builds on layers and the feedback weighing (docs/bauleitplanung.md)."""

    name = "bauleitplanung"
    verbose_name = _("Bauleitplanung")
