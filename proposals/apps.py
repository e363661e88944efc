from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Ideen")

    def ready(self):
        from accounts.export import register_eraser, register_exporter
        from geo.demo import DemoSeeder, register_seeder
        from layers.panels import ProjectPanel, register_panel
        from proposals import demo, panels, selectors, services

        register_seeder(DemoSeeder(name="ideas", order=20, run=demo.seed, add_arguments=demo.add_arguments))
        register_panel(ProjectPanel(key="ideas", order=20, render=panels.project_ideas))
        register_exporter("ideas", selectors.personal_data)
        register_eraser("ideas", services.personal_data_erase)

        from proposals import gis

        gis.register()
