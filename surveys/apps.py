from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Umfragen und Abstimmungen")

    def ready(self) -> None:
        from accounts.export import register_eraser, register_exporter
        from geo.demo import DemoSeeder, register_seeder
        from layers.panels import ProjectPanel, register_panel
        from surveys.demo import seed_demo_surveys
        from surveys.panels import render_project_panel
        from surveys.personal import personal_data, personal_data_erase

        register_seeder(DemoSeeder(name="surveys", order=30, run=seed_demo_surveys))
        register_panel(ProjectPanel(key="surveys", order=30, render=render_project_panel))
        register_exporter("surveys", personal_data)
        register_eraser("surveys", personal_data_erase)

        from surveys import gis

        gis.register()
