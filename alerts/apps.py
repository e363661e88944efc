import logging

from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


def _scan_after_commit(**_kwargs) -> None:
    """A write in another app: look for events once it commits (a rolled-back write queues nothing).

    The scan itself reads committed rows, so this is only a nudge; the periodic scan finds anything missed.
    """
    transaction.on_commit(_queue_scan)


def _queue_scan() -> None:
    from alerts.tasks import scan

    try:
        scan.delay()
    except Exception:
        # Eager (no Redis) the scan runs here, after the user's write committed: never fail their request.
        log.exception("alerts: scan after commit failed; the periodic scan will retry")


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Benachrichtigungen")

    def ready(self):
        from django.db.models.signals import post_save

        from accounts.export import register_eraser, register_exporter
        from alerts import demo, services
        from geo.demo import DemoSeeder, register_seeder

        register_exporter("alerts", services.personal_data)
        register_eraser("alerts", services.personal_data_erase)
        register_seeder(DemoSeeder(name="alerts", order=90, run=demo.seed))
        for model in ("layers.Project", "layers.Phase", "layers.Layer", "surveys.Survey", "proposals.StatusChange"):
            post_save.connect(_scan_after_commit, sender=model, dispatch_uid=f"alerts-{model}")
        post_save.connect(_idea_saved, sender="proposals.Idea", dispatch_uid="alerts-idea")


def _idea_saved(instance, update_fields=None, **kwargs) -> None:
    if instance.visibility == "published" and (update_fields is None or "visibility" in update_fields):
        _scan_after_commit()
