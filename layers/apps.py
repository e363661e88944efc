from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = _("Vorhaben und Kartenebenen")

    def ready(self):
        from geo.demo import DemoSeeder, register_seeder
        from layers.demo import seed

        register_seeder(DemoSeeder(name="projects", order=10, run=seed))

        from layers import gis

        gis.register()
