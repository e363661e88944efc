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
# A job queued, or running since it started, longer than this is taken as lost (a worker restarted): a new request
# may start one. A running job counts from its start, not from its request: one that waited in the queue while
# the worker was down is not lost the moment a worker takes it.
STALE = timedelta(hours=1)


def _fresh(cut) -> models.Q:
    # A row running from before started_at was recorded counts from its request.
    since = models.Q(started_at__gte=cut) | models.Q(started_at__isnull=True, created_at__gte=cut)
    return models.Q(state=JobState.QUEUED, created_at__gte=cut) | (models.Q(state=JobState.RUNNING) & since)


class JobQuerySet(models.QuerySet):
    def active(self):
        """Queued or running, and not lost (STALE): a new request waits for it."""
        return self.filter(_fresh(timezone.now() - STALE))


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
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_active(self) -> bool:
        if self.state not in ACTIVE_STATES:
            return False
        since = self.started_at if self.state == JobState.RUNNING and self.started_at else self.created_at
        return since >= timezone.now() - STALE
