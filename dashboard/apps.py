from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Auswertung")

    def ready(self) -> None:
        from dashboard import cache, panels
        from layers.panels import ProjectPanel, register_panel

        cache.connect_signals()
        register_panel(ProjectPanel(key="results", order=40, render=panels.project_results_panel))
