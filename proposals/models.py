from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edge.moderation import Moderated, ModerationLogBase, ReportBase
from geo.models import Stadtteil
from geo.photos import UnguessableName, private_storage
from geo.spatial import WGS84
from layers.models import Project


class Category(models.Model):
    """A topic of ideas (Verkehr, Radverkehr, …); staff edit the list in the admin."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(unique=True)
    color = models.CharField(_("Farbe"), max_length=7, default="#1565c0", help_text=_("z. B. #1565c0"))
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_active = models.BooleanField(_("für neue Ideen wählbar"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")

    def __str__(self) -> str:
        return self.name


PUBLISHED = Q(visibility="published")


# Only proposals.views.idea_photo serves the photos, by the idea's visibility. (The migrations name both.)
photo_storage = private_storage
photo_name = UnguessableName("ideen")


class Idea(Moderated):
    class Status(models.TextChoices):
        SUBMITTED = "eingereicht", _("eingereicht")
        REVIEW = "in_pruefung", _("in Prüfung")
        ACCEPTED = "angenommen", _("angenommen")
        REJECTED = "abgelehnt", _("abgelehnt")
        DONE = "umgesetzt", _("umgesetzt")

    title = models.CharField(_("Titel"), max_length=120)
    description = models.TextField(_("Beschreibung"), max_length=4000)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("Kategorie"))
    # Kept when the account is deleted: the account is anonymised instead (accounts.services).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("Autor:in")
    )
    location = models.PointField(_("Ort"), srid=WGS84)
    # Set on write by a spatial join, so counting per Stadtteil is a GROUP BY.
    stadtteil = models.ForeignKey(
        Stadtteil, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("Stadtteil")
    )
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas", verbose_name=_("Vorhaben")
    )
    photo = models.ImageField(_("Foto"), upload_to=photo_name, storage=photo_storage, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    official_answer = models.TextField(_("Antwort der Stadt"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    # Counters kept exact by the services (updated with F() under a row lock), read on every map request.
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0)
    comment_count = models.PositiveIntegerField(_("Kommentare"), default=0)

    class Meta(Moderated.Meta):
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        # What the pages ask, checked with EXPLAIN on a million ideas (docs/performance.md): the newest
        # published ideas (list, API keyset, home page), the same per Stadtteil and per project, and the
        # moderation queue's pending ideas, oldest first. Partial indexes stay small and need no visibility column.
        indexes = [
            models.Index(fields=["stadtteil", "visibility"], name="idea_stadtteil"),
            models.Index(fields=["-created_at", "-id"], condition=PUBLISHED, name="idea_published_recent"),
            models.Index(fields=["-published_at", "-id"], condition=PUBLISHED, name="idea_published_at"),
            models.Index(
                fields=["stadtteil", "-created_at", "-id"], condition=PUBLISHED, name="idea_published_stadtteil"
            ),
            models.Index(fields=["project", "-created_at", "-id"], condition=PUBLISHED, name="idea_published_project"),
            models.Index(fields=["created_at", "id"], condition=Q(visibility="pending"), name="idea_pending_oldest"),
            # OGC API items in id order: the key of a deep `offset` row is sought on this index alone.
            models.Index(fields=["id"], condition=PUBLISHED, name="idea_published_id"),
            # The staff trends' most supported ideas per Stadtteil: three index entries per Stadtteil instead of
            # a window over every idea (dashboard.selectors.trends.top_per_stadtteil).
            models.Index(
                fields=["stadtteil", "-support_count", "id"],
                condition=Q(visibility__in=["published", "pending"]),
                name="idea_stadtteil_supported",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"pk": self.pk})


class StatusChange(models.Model):
    """The public history of an idea's status and official answer."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("Status"), max_length=12, choices=Idea.Status.choices)
    answer = models.TextField(_("Antwort der Stadt"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")


class IdeaMark(models.Model):
    """A person's mark on an idea, at most one per person and idea: a support or a follow.

    Each kind keeps its own table; the names derive from the class (`idea.supports`, `user.follows`,
    the constraint `support_once_per_user`).
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="%(class)ss")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="%(class)ss")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="%(class)s_once_per_user")]


class Support(IdeaMark):
    class Meta(IdeaMark.Meta):
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")


class Follow(IdeaMark):
    """Who is e-mailed when the idea is released or its status changes (proposals.services.notifications)."""


class CommentQuerySet(models.QuerySet):
    def public(self):
        """What the idea page shows: not hidden, and not a reply under a hidden comment."""
        return self.filter(is_hidden=False).exclude(parent__is_hidden=True)


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idea_comments")
    # One level of replies: a reply's parent is always a top-level comment (services check it).
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(_("Kommentar"), max_length=2000)
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")


class Report(ReportBase):
    """A report on an idea, or on one of its comments."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")

    class Meta(ReportBase.Meta):
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        indexes = [models.Index(fields=["created_at"], condition=Q(resolved_at=None), name="report_open")]

    def log_target(self) -> dict:
        return {"idea_id": self.idea_id, "comment_id": self.comment_id}


class ModerationLog(ModerationLogBase):
    """Moderation of ideas and comments, statuses and official answers."""

    class Action(models.TextChoices):
        APPROVE = ModerationLogBase.APPROVE
        REJECT = ModerationLogBase.REJECT
        HIDE = ModerationLogBase.HIDE
        HIDE_COMMENT = "hide_comment", _("Kommentar ausgeblendet")
        STATUS = "status", _("Status geändert")
        RESOLVE_REPORT = ModerationLogBase.RESOLVE_REPORT

    action = models.CharField(max_length=20, choices=Action.choices)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="moderation_log")
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta(ModerationLogBase.Meta):
        verbose_name = _("Moderationsprotokoll")
        verbose_name_plural = _("Moderationsprotokoll")


class ClusterCell(models.Model):
    """Published ideas counted per Web-Mercator grid cell, zoom level and category, kept up to date on write.

    The cluster endpoint sums a few hundred of these rows instead of grouping every idea on each request.
    """

    zoom = models.PositiveSmallIntegerField()
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    cx = models.IntegerField()
    cy = models.IntegerField()
    count = models.IntegerField(default=0)
    sum_lon = models.FloatField(default=0)
    sum_lat = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["zoom", "category", "cx", "cy"], name="cluster_cell_key")]
        indexes = [models.Index(fields=["zoom", "cx", "cy"], name="cluster_cell_lookup")]


class IdeaCount(models.Model):
    """The key and count both rollups share; each adds its period (and the daily one status and project)."""

    category_id = models.BigIntegerField()
    stadtteil_id = models.BigIntegerField()
    visibility = models.CharField(max_length=10)
    count = models.IntegerField(default=0)

    class Meta:
        abstract = True


class IdeaRollup(IdeaCount):
    """Ideas counted per local day of submission, category, Stadtteil, status, project and visibility.

    Kept by a trigger on the idea table (migration 0006) in the same transaction as every write, admin edits,
    deletions and cascades included; `manage.py rollups_rebuild` recounts it. The staff trends sum these rows
    instead of grouping every idea. No foreign-key constraints: a deleted project first moves its ideas'
    counts to "no project" through the trigger, and rows left at 0 are harmless.
    """

    day = models.DateField()
    status = models.CharField(max_length=12)
    project_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "category_id", "stadtteil_id", "status", "project_id", "visibility"],
                name="idea_rollup_key",
                nulls_distinct=False,
            )
        ]


class IdeaWeekRollup(IdeaCount):
    """Ideas per week (Monday, local time), category, Stadtteil and visibility: the trends without a project or
    status filter read a few rows per week here instead of IdeaRollup's row per day, status and project
    (docs/dashboard.md, "Rollups"). Kept by its own trigger (migration 0009), recounted by `rollups_rebuild`."""

    week = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["week", "category_id", "stadtteil_id", "visibility"], name="idea_week_rollup_key"
            )
        ]
