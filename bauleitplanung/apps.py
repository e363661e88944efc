from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BauleitplanungConfig(AppConfig):
    """The formal procedure (§§ 3, 4, 4a BauGB); builds on layers and the feedback weighing (docs/bauleitplanung.md)."""

    name = "bauleitplanung"
    verbose_name = _("Bauleitplanung")

    def ready(self):
        from bauleitplanung import views
        from bauleitplanung.demo.seed import seed
        from geo.demo import DemoSeeder, register_seeder
        from layers.panels import ProjectPanel, register_panel

        register_panel(ProjectPanel(key="procedure", order=5, render=views.project_panel))
        register_seeder(DemoSeeder(name="bauleitplanung", order=40, run=seed))

        from bauleitplanung import gis

        gis.register()
