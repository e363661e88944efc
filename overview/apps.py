from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "overview"
    verbose_name = _("Auswertung der Beiträge")

    def ready(self):
        from bauleitplanung.panels import register_statement_part
        from overview import views
        from proposals.panels import register_review_part

        register_review_part(views.review_part)
        register_statement_part(views.statement_part)
