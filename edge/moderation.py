"""Moderation once, for every kind of contribution that staff release, refuse or hide (ideas, feedback).

A moderated model inherits Moderated (visibility, reason, release date, `objects.public()`), its reports
inherit ReportBase and its log ModerationLogBase; each app adds only what its rows point at (an idea and
a comment, a feature's feedback and its project). What is public is asked through `Model.objects.public()`,
nowhere else.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edge.permissions import require

PUBLISHED = "published"


class Visibility(models.TextChoices):
    PENDING = "pending", _("wartet auf Freigabe")
    PUBLISHED = "published", _("öffentlich")
    REJECTED = "rejected", _("nicht freigegeben")
    HIDDEN = "hidden", _("ausgeblendet")


class PublicQuerySet(models.QuerySet):
    def public(self):
        """What everybody may see: released by moderation (or published at once) and not hidden since."""
        return self.filter(visibility=PUBLISHED)


class Moderated(models.Model):
    """A contribution that moderation releases, refuses or hides; newest first."""

    Visibility = Visibility

    visibility = models.CharField(_("Sichtbarkeit"), max_length=10, choices=Visibility.choices)
    moderation_reason = models.TextField(_("Begründung der Moderation"), blank=True)
    # Set on the first release and kept: "new since" lists and mails date from it, not from a later re-release.
    published_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)
    created_at = models.DateTimeField(_("eingereicht am"), default=timezone.now)

    objects = PublicQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_public(self) -> bool:
        return self.visibility == PUBLISHED


class ReportBase(models.Model):
    """A citizen's hint to the moderators that a contribution breaks the rules; the app adds what it points at."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("Grund"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["created_at"]

    def log_target(self) -> dict:
        """The fields of the app's log row that say what was reported."""
        raise NotImplementedError


class ModerationLogBase(models.Model):
    """Who did what, and when: every moderation action leaves a row (the app adds its actions and targets)."""

    # (value, label) of the actions every app's log has, written by ModerationWrites and resolve_report: each
    # app's Action choices list them beside its own, so they read the same in every log.
    APPROVE = "approve", _("freigegeben")
    REJECT = "reject", _("abgelehnt")
    HIDE = "hide", _("ausgeblendet")
    RESOLVE_REPORT = "resolve_report", _("Meldung erledigt")

    # Each concrete log declares both (abstract models get no manager); named here for the writers below.
    Action: ClassVar[Any]  # a TextChoices with at least the four actions above
    objects: ClassVar[models.Manager]

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


def moderation_reason(reason: str) -> str:
    """Every refusal or hiding tells the author why."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Bitte geben Sie eine Begründung an (mindestens 5 Zeichen).")})
    return reason


def set_visibility(model, pk: int, *, visibility: str, note: str, on_public_change: Callable[[Any, int], None]):
    """Sets the visibility under a row lock; `on_public_change(row, +1 or -1)` updates the counts that depend
    on being public (map clusters, feature statistics), only when the public state really changes. The
    caller runs in a transaction and writes its own log row."""
    locked = model.objects.select_for_update().get(pk=pk)
    was_public = locked.visibility == PUBLISHED
    locked.visibility = visibility
    locked.moderation_reason = "" if visibility == PUBLISHED else note
    if visibility == PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
    locked.save(update_fields=["visibility", "moderation_reason", "published_at"])
    if was_public != (visibility == PUBLISHED):
        on_public_change(locked, 1 if visibility == PUBLISHED else -1)
    return locked


def resolve_report(report: ReportBase, *, actor, log: type[ModerationLogBase]) -> ReportBase:
    """Marks the report done and logs it (with the report's reason) in the app's log; the caller checks the rule."""
    report.resolved_at = timezone.now()
    report.resolved_by = actor
    report.save(update_fields=["resolved_at", "resolved_by"])
    log.objects.create(actor=actor, action=log.Action.RESOLVE_REPORT, note=report.reason, **report.log_target())
    return report


@dataclass(frozen=True)
class ModerationWrites:
    """Release, reject and hide for one moderated model: the app's rule, the row lock, the visibility, the
    counts that depend on it and the app's log row, all in one transaction."""

    model: type[Moderated]
    log: type[ModerationLogBase]
    rule: str
    already_public: dict  # the ValidationError for a second release, as {field: message}
    log_target: Callable[[Moderated], dict]  # the log row's fields that say what was moderated
    on_public_change: Callable[[Moderated, int], None]
    on_first_release: Callable[[Moderated], None] = lambda row: None

    def _set(self, row, *, actor, visibility: str, action: str, note: str):
        locked = set_visibility(
            self.model, row.pk, visibility=visibility, note=note, on_public_change=self.on_public_change
        )
        self.log.objects.create(actor=actor, action=action, note=note, **self.log_target(locked))
        return locked

    @transaction.atomic
    def approve(self, row, *, actor, note: str = ""):
        require(actor, self.rule, row)
        # The state of the locked row, not of the caller's copy: a second moderator (or a double click) waits
        # here for the first release to commit and is then refused, so the author gets one e-mail.
        row = self.model.objects.select_for_update().get(pk=row.pk)
        if row.is_public:
            raise ValidationError(self.already_public)
        first_time = row.published_at is None
        row = self._set(row, actor=actor, visibility=Visibility.PUBLISHED, action=self.log.Action.APPROVE, note=note)
        if first_time:
            self.on_first_release(row)
        return row

    @transaction.atomic
    def refuse(self, row, *, actor, reason: str, hide: bool = False):
        """Reject a waiting contribution, or hide one (`hide`); either way the author is told why."""
        require(actor, self.rule, row)
        note = moderation_reason(reason)
        visibility, action = (Visibility.HIDDEN, "HIDE") if hide else (Visibility.REJECTED, "REJECT")
        return self._set(row, actor=actor, visibility=visibility, action=self.log.Action[action], note=note)
