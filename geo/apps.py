from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = _("Raumbezug")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from geo.datasets import forget_extents, register_geo_datasets

        register_geo_datasets()
        post_save.connect(forget_extents, dispatch_uid="geo-forget-extents-save")
        post_delete.connect(forget_extents, dispatch_uid="geo-forget-extents-delete")
