from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = _("Raumbezug")

    def ready(self):
        from geo.datasets import register_geo_datasets

        register_geo_datasets()
