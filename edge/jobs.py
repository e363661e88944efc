"""A job that staff start and watch (the overview's run, the Abwägungstabelle as PDF): its state, its failure,
and when it counts as lost."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)
# A job queued or running longer than this is taken as lost (a worker restarted): a new request may start one.
STALE = timedelta(hours=1)


class JobQuerySet(models.QuerySet):
    def active(self):
        """Queued or running, and not lost (younger than STALE): a new request waits for it."""
        return self.filter(state__in=ACTIVE_STATES, created_at__gte=timezone.now() - STALE)


class Job(models.Model):
    State = JobState
    STALE = STALE

    state = models.CharField(_("Zustand"), max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    error = models.TextField(_("Fehler"), blank=True)
    seconds = models.FloatField(_("Dauer (s)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES and self.created_at >= timezone.now() - STALE
