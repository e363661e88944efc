from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Feedback on the features of project layers and its weighing; builds on layers and geo (docs/feedback.md)."""

    name = "feedback"
    verbose_name = _("Rückmeldungen zu Planungen")

    def ready(self):
        from accounts.export import register_eraser, register_exporter
        from feedback import demo, gis, panels, selectors, services
        from geo.demo import DemoSeeder, register_seeder
        from layers.panels import ProjectPanel, register_panel

        register_seeder(DemoSeeder(name="feedback", order=30, run=demo.seed))
        register_panel(ProjectPanel(key="feedback", order=15, render=panels.project_feedback))
        register_exporter("feedback", selectors.personal_data)
        register_eraser("feedback", services.personal_data_erase)
        gis.register()
